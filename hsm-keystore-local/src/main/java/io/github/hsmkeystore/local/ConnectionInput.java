package io.github.hsmkeystore.local;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered socket input for one connection's thread. Unlike {@link java.io.BufferedInputStream} it takes no lock
 * per call, which matters when request lines and headers are read a byte at a time.
 */
final class ConnectionInput extends InputStream {
    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;

    ConnectionInput(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    @Override
    public int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position == limit) {
            if (len >= buffer.length) {
                return in.read(b, off, len);
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        if (position < limit) {
            int skipped = (int) Math.min(n, limit - position);
            position += skipped;
            return skipped;
        }
        return in.skip(n);
    }

    @Override
    public int available() throws IOException {
        return (limit - position) + in.available();
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
