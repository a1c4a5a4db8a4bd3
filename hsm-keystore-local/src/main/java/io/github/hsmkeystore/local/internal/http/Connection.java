package io.github.hsmkeystore.local.internal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, on its I/O thread: reads a request head, checks it (framing, Host and Origin, body limit,
 * memory budget), reads the body within its deadline, hands the request to a worker and writes the answer. Requests
 * on one connection are answered in order; bytes that arrive while one is being handled wait. Every refusal is an
 * AWS-shaped JSON error, after which the connection is closed (its remaining bytes are never read as a request).
 */
final class Connection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private enum Phase { HEADERS, BODY, PROCESSING, IDLE, CLOSING }

    private final ServerConfig config;
    private final RequestHandler handler;
    private final InFlightBudget budget;
    private final ExecutorService workers;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.HEADERS;
    private boolean bytesSeen;
    private ScheduledFuture<?> deadline;
    private HttpRequest head;
    private String path;
    private String query;
    private boolean chunked;
    private long limit;
    private long reserved;
    private byte[] body = new byte[0];
    private int bodyLength;
    private boolean keepAlive;

    Connection(ServerConfig config, RequestHandler handler, InFlightBudget budget, ExecutorService workers) {
        this.config = config;
        this.handler = handler;
        this.budget = budget;
        this.workers = workers;
    }

    /** Sits before the decoder: the first byte of a request on an idle connection starts its header deadline. */
    ChannelInboundHandler byteWatcher() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                if (!bytesSeen && (phase == Phase.IDLE || phase == Phase.HEADERS)) {
                    bytesSeen = true;
                    if (phase == Phase.IDLE) {
                        phase = Phase.HEADERS;
                        arm(config.headerTimeout());
                    }
                }
                c.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        arm(config.headerTimeout());
        super.channelActive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (phase == Phase.PROCESSING) {
            waiting.add(msg); // a pipelined request: read once this one is answered
            context.channel().config().setAutoRead(false);
            return;
        }
        try {
            if (phase == Phase.CLOSING) {
                return;
            }
            if (msg instanceof HttpRequest request) {
                onHead(request);
            }
            if (msg instanceof HttpContent content && phase == Phase.BODY) {
                onContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            refuse(decodeError(request.decoderResult().cause()));
            return;
        }
        head = request;
        var headers = request.headers();
        boolean hasLength = headers.contains(HttpHeaderNames.CONTENT_LENGTH);
        String transferEncoding = String.join(",", headers.getAll(HttpHeaderNames.TRANSFER_ENCODING));
        chunked = !transferEncoding.isEmpty();
        if (chunked && hasLength) {
            refuse(badRequest("A request must not have both Content-Length and Transfer-Encoding (RFC 9112 6.3)"));
            return;
        }
        if (chunked && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            refuse(badRequest("Transfer-Encoding " + transferEncoding + " is not supported; only chunked"));
            return;
        }
        try {
            URI uri = new URI(request.uri());
            path = uri.getRawPath();
            query = uri.getRawQuery();
            if (path == null || !path.startsWith("/") || uri.getScheme() != null && !uri.getScheme().equalsIgnoreCase("http")) {
                throw new URISyntaxException(request.uri(), "not an origin-form or http absolute-form target");
            }
        } catch (URISyntaxException e) {
            refuse(badRequest("Malformed request target: " + e.getReason()));
            return;
        }
        String expect = headers.get(HttpHeaderNames.EXPECT);
        if (expect != null && !expect.trim().equalsIgnoreCase("100-continue")) {
            refuse(Response.awsError(417, "ExpectationFailedException", "Only Expect: 100-continue is supported"));
            return;
        }
        Response refusal = config.policy().check(request, path);
        if (refusal != null) {
            refuse(refusal);
            return;
        }
        limit = handler.bodyLimit(request.method().name(), path, headers);
        long length = hasLength ? HttpUtil.getContentLength(request, 0L) : 0L;
        if (length > limit) {
            refuse(tooLarge());
            return;
        }
        if (!reserve(length)) {
            return;
        }
        keepAlive = HttpUtil.isKeepAlive(request);
        body = new byte[(int) Math.min(length > 0 ? length : 1024, 64 * 1024)];
        bodyLength = 0;
        if (expect != null && request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
        phase = Phase.BODY;
        arm(config.bodyTimeout());
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            refuse(decodeError(content.decoderResult().cause()));
            return;
        }
        ByteBuf bytes = content.content();
        int n = bytes.readableBytes();
        if (n > 0) {
            if ((long) bodyLength + n > limit) {
                refuse(tooLarge());
                return;
            }
            if (chunked && !reserve(n)) {
                return;
            }
            if (bodyLength + n > body.length) {
                body = Arrays.copyOf(body, (int) Math.min(limit, Math.max((long) body.length * 2, bodyLength + n)));
            }
            bytes.readBytes(body, bodyLength, n);
            bodyLength += n;
        }
        if (content instanceof LastHttpContent) {
            dispatch();
        }
    }

    /** Takes {@code bodyBytes} (times the tree factor) of the in-flight budget, or refuses the request. */
    private boolean reserve(long bodyBytes) {
        long need = bodyBytes * ServerConfig.TREE_FACTOR;
        if (need == 0) {
            return true;
        }
        if (reserved + need > budget.max()) {
            refuse(Response.awsError(413, "RequestEntityTooLargeException", "The request body of " + (bodyLength + bodyBytes)
                    + " bytes needs more memory than hsm-keystore-local may use for requests in flight ("
                    + budget.max() / (1024 * 1024) + " MB, half the JVM heap): give the JVM more heap (-Xmx)"));
            return false;
        }
        if (!budget.tryReserve(need)) {
            refuse(Response.awsError(503, "ServiceUnavailableException", "hsm-keystore-local is holding as many request"
                    + " bodies as its memory allows (" + budget.max() / (1024 * 1024) + " MB); retry"));
            return false;
        }
        reserved += need;
        return true;
    }

    private void dispatch() {
        phase = Phase.PROCESSING;
        cancelDeadline();
        Request request = new Request(head.method().name(), path, query, head.headers(),
                bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength));
        body = new byte[0];
        try {
            workers.execute(() -> {
                Response response;
                try {
                    response = handler.handle(request);
                } catch (RuntimeException | Error e) {
                    log.error("Unexpected failure answering {} {}", request.method(), request.path(), e);
                    response = Response.awsError(500, "InternalFailure", "hsm-keystore-local failed unexpectedly: " + e);
                }
                Response answer = response;
                ctx.executor().execute(() -> respond(answer));
            });
        } catch (RejectedExecutionException e) {
            respond(Response.awsError(503, "ServiceUnavailableException", "hsm-keystore-local is shutting down or overloaded; retry"));
        }
    }

    private void respond(Response response) {
        if (!ctx.channel().isActive()) {
            releaseBudget();
            return;
        }
        boolean http10 = head.protocolVersion().equals(HttpVersion.HTTP_1_0);
        ctx.writeAndFlush(toNetty(response, keepAlive, http10)).addListener(f -> {
            releaseBudget();
            if (!keepAlive || !f.isSuccess()) {
                phase = Phase.CLOSING;
                ctx.close();
                return;
            }
            phase = Phase.IDLE;
            bytesSeen = false;
            head = null;
            arm(config.idleTimeout());
            ctx.channel().config().setAutoRead(true);
            while (!waiting.isEmpty() && phase != Phase.PROCESSING && phase != Phase.CLOSING) {
                Object next = waiting.poll();
                if (phase == Phase.IDLE) {
                    phase = Phase.HEADERS;
                    bytesSeen = true;
                    arm(config.headerTimeout());
                }
                channelRead(ctx, next);
            }
        });
    }

    /** Answers with an error and closes the connection: nothing after a refused request is read. */
    private void refuse(Response response) {
        phase = Phase.CLOSING;
        cancelDeadline();
        releaseBudget();
        ctx.writeAndFlush(toNetty(response, false, false)).addListener(ChannelFutureListener.CLOSE);
    }

    static FullHttpResponse toNetty(Response response, boolean keepAlive, boolean http10) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()),
                Unpooled.wrappedBuffer(response.body()));
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            r.headers().set(h.getKey(), h.getValue());
        }
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return r;
    }

    private static Response decodeError(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return Response.awsError(431, "RequestHeaderFieldsTooLargeException",
                    "Request headers exceed " + StrictRequestDecoder.MAX_HEADER_BYTES + " bytes");
        }
        if (cause instanceof TooLongHttpLineException) {
            return Response.awsError(414, "RequestUriTooLongException",
                    "Request line exceeds " + StrictRequestDecoder.MAX_INITIAL_LINE + " bytes");
        }
        if (cause instanceof TooLongFrameException) {
            return badRequest("Malformed HTTP request: a line is too long");
        }
        if (cause instanceof PrematureChannelClosureException) {
            return badRequest("The client closed its side before the request was complete (truncated request)");
        }
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return badRequest("Malformed HTTP request: " + (reason.length() > 200 ? reason.substring(0, 200) : reason));
    }

    private static Response badRequest(String message) {
        return Response.awsError(400, "BadRequestException", message);
    }

    private Response tooLarge() {
        return Response.awsError(413, "RequestEntityTooLargeException", "Request body exceeds " + limit
                + " bytes, the most this service accepts (docs/emulator-http.md)");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            keepAlive = false;
            if (phase == Phase.IDLE || phase == Phase.HEADERS) {
                phase = Phase.CLOSING;
                context.close();
            } else if (phase == Phase.BODY) {
                refuse(badRequest("The client closed its side before the request body was complete (truncated request)"));
            }
            return;
        }
        super.userEventTriggered(context, evt);
    }

    private void arm(Duration timeout) {
        cancelDeadline();
        Phase armedFor = phase;
        deadline = ctx.executor().schedule(() -> expire(armedFor), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void expire(Phase armedFor) {
        if (phase != armedFor || phase == Phase.CLOSING || phase == Phase.PROCESSING) {
            return;
        }
        if (phase == Phase.BODY || phase == Phase.HEADERS && bytesSeen) {
            String what = phase == Phase.BODY ? "body" : "request line and headers";
            Duration limitTime = phase == Phase.BODY ? config.bodyTimeout() : config.headerTimeout();
            refuse(Response.awsError(408, "RequestTimeoutException", "The request " + what + " did not arrive within "
                    + limitTime.toMillis() + " ms; the connection is closed"));
        } else {
            phase = Phase.CLOSING; // idle, or connected and silent: nothing to answer
            ctx.close();
        }
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void releaseBudget() {
        if (reserved > 0) {
            budget.release(reserved);
            reserved = 0;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        phase = Phase.CLOSING;
        cancelDeadline();
        releaseBudget();
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        super.channelInactive(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (!(cause instanceof IOException)) {
            log.debug("hsm-keystore-local connection failed: {}", cause.toString());
        }
        phase = Phase.CLOSING;
        context.close();
    }

    @Override
    public String toString() {
        return "Connection[" + phase.name().toLowerCase(Locale.ROOT) + "]";
    }
}
