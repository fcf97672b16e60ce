package dev.coffer.bench;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cheapest call gRPC can make on this machine: a health check answered by a server that has
 * nothing but the health service, on the transport thread, over plaintext loopback, each client on
 * its own connection. Coffer's calls cannot cost less than this; the benchmark prints it beside
 * them so the share that is gRPC's own shows in every run.
 */
final class GrpcFloor implements AutoCloseable {
  private final Server server;
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<HealthGrpc.HealthBlockingStub> stubs = new ArrayList<>();

  private GrpcFloor(Server server) {
    this.server = server;
  }

  static GrpcFloor start(int clients) throws IOException {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .directExecutor()
            .addService(new HealthStatusManager().getHealthService())
            .build()
            .start();
    GrpcFloor floor = new GrpcFloor(server);
    for (int c = 0; c < clients; c++) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
      floor.channels.add(channel);
      floor.stubs.add(HealthGrpc.newBlockingStub(channel));
    }
    return floor;
  }

  /** Client {@code client}'s health check, as a benchmark operation. */
  GrpcMacroBenchmark.Op check(int client) {
    HealthGrpc.HealthBlockingStub stub = stubs.get(client);
    return i -> {
      if (stub.check(HealthCheckRequest.getDefaultInstance()).getStatus()
          != HealthCheckResponse.ServingStatus.SERVING) {
        throw new IllegalStateException("the bare server is not serving");
      }
    };
  }

  @Override
  public void close() {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
