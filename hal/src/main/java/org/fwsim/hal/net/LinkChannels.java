package org.fwsim.hal.net;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * The client channels open through each appliance interface, so that an interface going down cuts
 * what runs over it as a pulled cable does. Any thread: channels register as they connect and leave
 * as they close.
 */
final class LinkChannels {

  /** An appliance's interface, the unit a cut works on. */
  record Link(int applianceId, String interfaceName) {}

  private final ConcurrentHashMap<Link, Set<Channel>> open = new ConcurrentHashMap<>();

  /** Counts {@code ch} against {@code link} until it closes. */
  void register(Link link, Channel ch) {
    open.computeIfAbsent(link, k -> ConcurrentHashMap.newKeySet()).add(ch);
    ch.closeFuture()
        .addListener(
            c ->
                open.computeIfPresent(
                    link,
                    (k, set) -> {
                      set.remove(ch);
                      return set.isEmpty() ? null : set;
                    }));
  }

  /**
   * Closes every channel of {@code link}, each pipeline first seeing a {@link LinkDownException}
   * with {@code reason}; returns how many were cut.
   */
  int cut(Link link, String reason) {
    Set<Channel> channels = open.remove(link);
    if (channels == null) {
      return 0;
    }
    int n = 0;
    for (Channel ch : channels) {
      n++;
      try {
        ch.eventLoop()
            .execute(
                () -> {
                  if (ch.isActive()) {
                    ch.pipeline().fireExceptionCaught(new LinkDownException(reason));
                  }
                  ch.close();
                });
      } catch (RejectedExecutionException e) {
        ch.close(); // event loops shutting down: the channel goes with them
      }
    }
    return n;
  }

  /** How many channels are open through {@code link}. */
  int count(Link link) {
    Set<Channel> channels = open.get(link);
    return channels == null ? 0 : channels.size();
  }
}
