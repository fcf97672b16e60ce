package dev.coffer.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Parses one value of a repeatable {@code KEY=VALUE} option (--context and the like) into its map,
 * splitting at the first '='. Picocli's own parsing would keep the last of a repeated key without a
 * word, so that {@code --context a=1 --context a=2} encrypted under a=2 alone; a key given twice is
 * refused instead.
 */
final class KeyValues implements IParameterConsumer {
  @Override
  public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
    String option = ((OptionSpec) argSpec).longestName();
    String label = argSpec.paramLabel();
    // As picocli does for its own options: "--context --json" lacks the value, not misspells it.
    if (args.isEmpty() || commandSpec.optionsMap().containsKey(args.peek())) {
      throw new ParameterException(
          commandSpec.commandLine(),
          "Missing required parameter for option '" + option + "' (" + label + ")",
          argSpec,
          null);
    }
    String value = args.pop();
    int equals = value.indexOf('=');
    if (equals < 0) {
      throw new ParameterException(
          commandSpec.commandLine(),
          "Invalid value for option '" + option + "': '" + value + "' is not " + label,
          argSpec,
          value);
    }
    Map<String, String> map = argSpec.getValue();
    if (map == null) {
      map = new LinkedHashMap<>();
      argSpec.setValue(map);
    }
    String key = value.substring(0, equals);
    if (map.containsKey(key)) {
      throw new ParameterException(
          commandSpec.commandLine(),
          "Invalid value for option '"
              + option
              + "': key '"
              + key
              + "' is given twice ("
              + key
              + "="
              + map.get(key)
              + " and "
              + value
              + "); give each key once",
          argSpec,
          value);
    }
    map.put(key, value.substring(equals + 1));
  }
}
