package dev.stowage.registryserver;

import dev.stowage.error.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The bytes of a package index named by {@code --package-index}: a file path, {@code file:} URL,
 * or {@code http(s)://} URL (redirects followed), read once with a bound on time and size.
 * Messages name the location without its query or user info (a URL may carry a token).
 */
public final class PackageIndexFetch {
    /** An index of every attribute of nixpkgs for a few systems is a few MiB; anything past this is not an index. */
    public static final long MAX_BYTES = 64L << 20;
    private final Duration timeout;
    private final long maxBytes;

    public PackageIndexFetch(Duration timeout, long maxBytes) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    public static PackageIndexFetch defaults() {
        return new PackageIndexFetch(Duration.ofSeconds(60), MAX_BYTES);
    }

    /** {@code location} as it may be shown: no user info, no query. */
    public static String describe(String location) {
        if (!location.contains("://")) return location;
        URI u = URI.create(location);
        return u.getScheme() + "://" + (u.getRawAuthority() == null ? "" : u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()))
                + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    public byte[] read(String location) {
        String shown = describe(location);
        try {
            if (location.startsWith("http://") || location.startsWith("https://")) return http(URI.create(location), shown);
            Path file = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            if (Files.size(file) > maxBytes) throw tooLarge(shown);
            return Files.readAllBytes(file);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(shown, "not a package index location (FILE, file:, http://, https://): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(shown, "cannot read the package index: " + e.getMessage(), e);
        }
    }

    private byte[] http(URI uri, String shown) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) throw new IOException("HTTP " + response.statusCode());
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) throw tooLarge(shown);
            byte[] bytes = body.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > maxBytes) throw tooLarge(shown);
            return bytes;
        }
    }

    private BadInputException tooLarge(String shown) {
        return new BadInputException(shown, "the package index is larger than " + maxBytes + " bytes");
    }
}
