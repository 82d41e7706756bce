package org.fwsim.firmware.scep.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;

/** Builds the pipeline of one SCEP connection: wire trace, HTTP codec, aggregator, reply check. */
final class ScepChannelInitializer extends ChannelInitializer<Channel> {
  private final ScepExchange exchange;
  private final int maxResponseBytes;

  ScepChannelInitializer(ScepExchange exchange, int maxResponseBytes) {
    this.exchange = exchange;
    this.maxResponseBytes = maxResponseBytes;
  }

  @Override
  protected void initChannel(Channel ch) {
    ch.pipeline()
        .addLast("wire-trace", new ScepWireTraceHandler(exchange.trace()))
        .addLast("http", new HttpClientCodec())
        .addLast("aggregate", new HttpObjectAggregator(maxResponseBytes))
        .addLast("reply", new ScepResponseHandler(exchange, maxResponseBytes));
  }
}
