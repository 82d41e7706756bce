package org.fwsim.testbench.mgmt.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.function.BiFunction;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.PropertyResolver;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceFactory;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.io.nio2.Nio2CompletionHandler;
import org.apache.sshd.common.io.nio2.Nio2Service;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactory;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.common.io.nio2.Nio2Session;
import org.apache.sshd.common.util.Readable;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.fwsim.hal.net.TcpStream;

/**
 * MINA SSHD's NIO2 transport with the appliance's sniffer at its edge: while a sniffer runs on its
 * appliance, a connection to a device's address reports its handshake, the bytes each way (the
 * encrypted SSH packets, as on the wire) and its close. MINA has no pipeline to add a handler to,
 * so the session class is the edge; each read and write asks the underlay (one volatile read)
 * whether anyone sniffs.
 */
final class SniffedSshIo extends Nio2ServiceFactoryFactory {

  /** The stream of a new connection (local, remote), or null when it reached no device. */
  private final BiFunction<SocketAddress, SocketAddress, TcpStream> streams;

  SniffedSshIo(BiFunction<SocketAddress, SocketAddress, TcpStream> streams) {
    this.streams = streams;
  }

  @Override
  public IoServiceFactory create(FactoryManager manager) {
    return new Nio2ServiceFactory(manager, newExecutor(), newExecutor()) {
      @Override
      public Nio2Session createSession(
          Nio2Service service,
          IoHandler handler,
          AsynchronousSocketChannel socket,
          SocketAddress acceptanceAddress)
          throws Throwable {
        TcpStream stream =
            acceptanceAddress == null
                ? null // a connection this side opened (forwarding): not the plane's
                : streams.apply(socket.getLocalAddress(), socket.getRemoteAddress());
        if (stream == null) {
          return super.createSession(service, handler, socket, acceptanceAddress);
        }
        return new SniffedSession(
            service,
            getFactoryManager(),
            new SniffedHandler(handler, stream),
            socket,
            acceptanceAddress,
            stream);
      }
    };
  }

  /** Reports what the session writes and when either side ends it. */
  private static final class SniffedSession extends Nio2Session {
    private final TcpStream stream;

    SniffedSession(
        Nio2Service service,
        PropertyResolver properties,
        IoHandler handler,
        AsynchronousSocketChannel socket,
        SocketAddress acceptance,
        TcpStream stream)
        throws IOException {
      super(service, properties, handler, socket, acceptance);
      this.stream = stream;
    }

    @Override
    public IoWriteFuture writeBuffer(Buffer buffer) throws IOException {
      synchronized (stream) { // writers and the reading IO thread report in turn
        stream.sent(ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available()));
      }
      return super.writeBuffer(buffer);
    }

    @Override
    protected void handleReadCycleCompletion(
        ByteBuffer buffer,
        Readable reader,
        Nio2CompletionHandler<Integer, Object> completion,
        Integer result,
        Object attachment) {
      if (result < 0) {
        synchronized (stream) {
          stream.closedByPeer();
        }
      }
      super.handleReadCycleCompletion(buffer, reader, completion, result, attachment);
    }

    @Override
    protected void handleReadCycleFailure(
        ByteBuffer buffer, Readable reader, Throwable failure, Object attachment) {
      synchronized (stream) {
        stream.closedByPeer(); // reset: what the capture can say is that the peer went
      }
      super.handleReadCycleFailure(buffer, reader, failure, attachment);
    }

    @Override
    protected void doCloseImmediately() {
      synchronized (stream) {
        stream.closedLocally(); // nothing when the peer closed first
      }
      super.doCloseImmediately();
    }
  }

  /** Reports the bytes that arrive before the SSH session reads them. */
  private record SniffedHandler(IoHandler handler, TcpStream stream) implements IoHandler {
    @Override
    public void sessionCreated(IoSession session) throws Exception {
      handler.sessionCreated(session);
    }

    @Override
    public void sessionClosed(IoSession session) throws Exception {
      handler.sessionClosed(session);
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) throws Exception {
      handler.exceptionCaught(session, cause);
    }

    @Override
    public void messageReceived(IoSession session, Readable message) throws Exception {
      byte[] data = new byte[message.available()];
      message.getRawBytes(data, 0, data.length);
      synchronized (stream) {
        stream.received(ByteBuffer.wrap(data));
      }
      handler.messageReceived(session, new ByteArrayBuffer(data));
    }
  }
}
