package org.fwsim.testbench.dns;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.Inet4Address;
import java.util.Optional;

/**
 * Answers each query from a {@link FleetZone}, authoritatively: an A question for a name of the
 * zone gets its address; another type for such a name (AAAA, which resolvers ask beside A) gets
 * NOERROR and no records, so that the resolver keeps the A answer; any other name NXDOMAIN; a query
 * that is no standard query, or asks no question, REFUSED.
 */
@ChannelHandler.Sharable
final class DnsAnswerer extends SimpleChannelInboundHandler<DatagramDnsQuery> {

  /** Seconds a resolver may keep an answer: the fleet's addresses do not change during a run. */
  static final long TTL = 60;

  private final FleetZone zone;

  DnsAnswerer(FleetZone zone) {
    this.zone = zone;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
    DnsQuestion q =
        query.count(DnsSection.QUESTION) == 1 ? query.recordAt(DnsSection.QUESTION) : null;
    DnsResponseCode code;
    Optional<Inet4Address> address = Optional.empty();
    if (q == null || !query.opCode().equals(DnsOpCode.QUERY)) {
      code = DnsResponseCode.REFUSED;
    } else {
      address = zone.lookup(q.name());
      code = address.isPresent() ? DnsResponseCode.NOERROR : DnsResponseCode.NXDOMAIN;
    }
    DatagramDnsResponse r =
        new DatagramDnsResponse(
            query.recipient(), query.sender(), query.id(), query.opCode(), code);
    r.setAuthoritativeAnswer(code != DnsResponseCode.REFUSED);
    r.setRecursionDesired(query.isRecursionDesired());
    if (q != null) {
      r.addRecord(DnsSection.QUESTION, q);
      if (address.isPresent() && q.type().equals(DnsRecordType.A)) {
        r.addRecord(
            DnsSection.ANSWER,
            new DefaultDnsRawRecord(
                q.name(),
                DnsRecordType.A,
                TTL,
                Unpooled.wrappedBuffer(address.get().getAddress())));
      }
    }
    ctx.writeAndFlush(r);
  }
}
