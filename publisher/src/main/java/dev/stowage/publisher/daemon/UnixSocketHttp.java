package dev.stowage.publisher.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * The smallest HTTP/1.1 client the Docker Engine API needs over a unix socket: one request per
 * connection ({@code Connection: close}), a file as the body with its length, the answer read to
 * the end (chunked or not). Java's HTTP clients cannot dial unix sockets.
 */
final class UnixSocketHttp {
    /** An answer: status and body text. */
    record Response(int status, String body) {}

    /** The socket could not be reached (absent, refused, not a socket). */
    static final class UnreachableException extends IOException {
        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path socket;

    UnixSocketHttp(Path socket) {
        this.socket = socket;
    }

    Response post(String path, String contentType, Path body) throws IOException {
        try (SocketChannel ch = connect(); FileChannel file = FileChannel.open(body, StandardOpenOption.READ)) {
            long size = file.size();
            String head = "POST " + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: stowage\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + size + "\r\nConnection: close\r\n\r\n";
            writeFully(ch, ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            long sent = 0;
            while (sent < size) sent += file.transferTo(sent, size - sent, ch);
            return read(ch);
        }
    }

    Response get(String path) throws IOException {
        try (SocketChannel ch = connect()) {
            String head = "GET " + path + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: stowage\r\nConnection: close\r\n\r\n";
            writeFully(ch, ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
            return read(ch);
        }
    }

    private SocketChannel connect() throws UnreachableException {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
            return ch;
        } catch (IOException e) {
            try {
                if (ch != null) ch.close();
            } catch (IOException ignored) {
                // nothing was sent
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UnreachableException("cannot connect to " + socket + ": " + why.toLowerCase(Locale.ROOT), e);
        }
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    private static Response read(SocketChannel ch) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        while (ch.read(buf) >= 0) {
            buf.flip();
            all.write(buf.array(), 0, buf.limit());
            buf.clear();
        }
        byte[] bytes = all.toByteArray();
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) throw new IOException("the daemon closed the connection without a complete HTTP answer");
        String[] head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = head[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP answer: " + head[0]);
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status: " + head[0], e);
        }
        boolean chunked = false;
        for (int i = 1; i < head.length; i++) {
            String h = head[i].toLowerCase(Locale.ROOT);
            if (h.startsWith("transfer-encoding:") && h.contains("chunked")) chunked = true;
        }
        byte[] body = Arrays.copyOfRange(bytes, end + 4, bytes.length);
        return new Response(code, new String(chunked ? dechunk(body) : body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < b.length) {
            int eol = indexOf(b, pos, "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (eol < 0) throw new IOException("truncated chunked answer from the daemon");
            String sizeText = new String(b, pos, eol - pos, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size;
            try {
                size = Integer.parseInt(sizeText, 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size '" + sizeText + "' from the daemon", e);
            }
            if (size == 0) break;
            int start = eol + 2;
            if (start + size > b.length) throw new IOException("truncated chunk from the daemon");
            out.write(b, start, size);
            pos = start + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] b, byte[] pattern) {
        return indexOf(b, 0, pattern);
    }

    private static int indexOf(byte[] b, int from, byte[] pattern) {
        outer:
        for (int i = from; i + pattern.length <= b.length; i++) {
            for (int j = 0; j < pattern.length; j++) if (b[i + j] != pattern[j]) continue outer;
            return i;
        }
        return -1;
    }
}
