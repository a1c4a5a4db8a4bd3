package io.github.hsmkeystore.local;

import java.io.IOException;
import java.io.InputStream;

/** A request body on a kept-alive connection: never reads past its end, so the next request stays intact. */
abstract class BodyInputStream extends InputStream {
    final InputStream in;

    BodyInputStream(InputStream in) {
        this.in = in;
    }

    private final byte[] one = new byte[1];

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    /**
     * Skips the unread rest of the body.
     *
     * @return false if more than {@code max} bytes were left (the connection must then be closed instead)
     */
    abstract boolean skipRest(long max) throws IOException;

    /** Closing the body leaves the connection open. */
    @Override
    public void close() {
    }

    /** A body of {@code Content-Length} bytes. */
    static final class Fixed extends BodyInputStream {
        private long remaining;

        Fixed(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n == -1) {
                throw new IOException("Connection closed with " + remaining + " bytes of the request body unread");
            }
            remaining -= n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), remaining);
        }

        @Override
        boolean skipRest(long max) throws IOException {
            if (remaining > max) {
                return false;
            }
            while (remaining > 0) {
                long n = in.skip(remaining);
                if (n <= 0) {
                    if (in.read() == -1) {
                        return false;
                    }
                    n = 1;
                }
                remaining -= n;
            }
            return true;
        }
    }

    /** A {@code Transfer-Encoding: chunked} body (RFC 9112 7.1); chunk extensions and trailers are ignored. */
    static final class Chunked extends BodyInputStream {
        private long chunkLeft;
        private boolean done;

        Chunked(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                chunkLeft = nextChunkSize();
                if (chunkLeft == 0) {
                    skipTrailers();
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n == -1) {
                throw new IOException("Connection closed inside a chunk of the request body");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                expectCrlf();
            }
            return n;
        }

        private long nextChunkSize() throws IOException {
            String line = line();
            int semicolon = line.indexOf(';');
            String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).trim();
            try {
                long size = Long.parseLong(hex, 16);
                if (size < 0) {
                    throw new NumberFormatException();
                }
                return size;
            } catch (NumberFormatException e) {
                throw new LoopbackExchange.BadRequest(400, "Bad Request", "Malformed chunk size in the request body");
            }
        }

        private void expectCrlf() throws IOException {
            if (!line().isEmpty()) {
                throw new LoopbackExchange.BadRequest(400, "Bad Request", "Chunk not followed by CRLF");
            }
        }

        private void skipTrailers() throws IOException {
            while (!line().isEmpty()) {
                // trailer fields carry nothing the emulator uses
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder(16);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c == -1) {
                    throw new IOException("Connection closed inside a chunked request body");
                }
                if (sb.length() > 4096) {
                    throw new LoopbackExchange.BadRequest(400, "Bad Request", "Chunk header line too long");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        @Override
        boolean skipRest(long max) throws IOException {
            byte[] buffer = new byte[8192];
            long skipped = 0;
            while (!done) {
                int n = read(buffer, 0, buffer.length);
                if (n > 0) {
                    skipped += n;
                    if (skipped > max) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
