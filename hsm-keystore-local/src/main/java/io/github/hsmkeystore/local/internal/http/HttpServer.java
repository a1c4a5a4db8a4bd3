package io.github.hsmkeystore.local.internal.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulator's HTTP/1.1 server on 127.0.0.1, on Netty's HTTP codec: strict framing, per-request body limits,
 * header, body and idle deadlines, a bound on the memory of requests in flight, keep-alive, {@code Expect:
 * 100-continue}, HTTP/1.0 and {@code Connection: close} (docs/emulator-http.md). One I/O thread reads and writes
 * every connection; each complete request is handed to a worker thread, so a slow request (a lock, an injected
 * latency, the HSM network model) never holds up another connection.
 */
public final class HttpServer implements AutoCloseable {
    private final ServerConfig config;
    private final RequestHandler handler;
    private final InFlightBudget budget;
    private final EventLoopGroup io;
    private final ExecutorService workers;
    private final Channel serverChannel;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();

    public HttpServer(ServerConfig config, RequestHandler handler) {
        this.config = config;
        this.handler = handler;
        this.budget = new InFlightBudget(config.maxInFlightBytes());
        this.io = new NioEventLoopGroup(1, new DefaultThreadFactory("hsm-keystore-local-io", true));
        // at most one request per connection is in flight, so maxConnections workers always suffice; a few more
        // cover a worker that has answered but not yet returned to the pool
        this.workers = new ThreadPoolExecutor(0, config.maxConnections() + 16, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemon("hsm-keystore-local-worker-"));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accept(ch);
                    }
                });
        try {
            serverChannel = bootstrap.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()))
                    .syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the BindException unchecked
            io.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownNow();
            throw new UncheckedIOException("Cannot bind hsm-keystore-local to 127.0.0.1:" + config.port()
                    + " (is the port in use? use port 0 for a free one)",
                    e instanceof java.io.IOException ioe ? ioe : new java.io.IOException(e));
        }
    }

    private void accept(SocketChannel ch) {
        ch.pipeline().addLast("encoder", new HttpResponseEncoder());
        if (connections.incrementAndGet() > config.maxConnections()) {
            connections.decrementAndGet();
            ch.pipeline().addLast("refuse", new ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    Response refusal = Response.awsError(503, "ServiceUnavailableException", "hsm-keystore-local serves at most "
                            + config.maxConnections() + " connections at once (LocalHsmKeyStore.builder().maxConnections,"
                            + " --max-connections)");
                    ctx.writeAndFlush(Connection.toNetty(refusal, false, false)).addListener(ChannelFutureListener.CLOSE);
                }
            });
            return;
        }
        open.add(ch);
        ch.closeFuture().addListener(f -> {
            open.remove(ch);
            connections.decrementAndGet();
        });
        Connection connection = new Connection(config, handler, budget, workers);
        ch.pipeline().addFirst("watch", connection.byteWatcher());
        ch.pipeline().addAfter("watch", "decoder", new StrictRequestDecoder());
        ch.pipeline().addLast("connection", connection);
    }

    /** The port bound on 127.0.0.1. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Connections open now (for tests). */
    int openConnections() {
        return connections.get();
    }

    /** Bytes of the in-flight budget taken now (for tests). */
    long inFlightBytes() {
        return budget.used();
    }

    /** Stops accepting, closes every connection and waits briefly for the threads to end. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        for (Channel ch : open) {
            ch.close();
        }
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        workers.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
