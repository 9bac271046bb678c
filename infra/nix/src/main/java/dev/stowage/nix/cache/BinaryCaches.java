package dev.stowage.nix.cache;

import dev.stowage.blob.s3.S3Location;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Opens binary caches from their URLs; an HTTP(S) cache runs on the Vert.x instance {@code vertx}
 * gives, asked for only when one is opened (file and S3 caches never start Vert.x).
 */
public final class BinaryCaches {
    private final Supplier<Vertx> vertx;

    public BinaryCaches(Supplier<Vertx> vertx) {
        this.vertx = vertx;
    }

    public BinaryCache open(String url) {
        if (url.startsWith("file://")) return new FileBinaryCache(Path.of(URI.create(url.replace(" ", "%20")).getPath()));
        if (url.startsWith("http://") || url.startsWith("https://")) return new HttpBinaryCache(vertx.get(), URI.create(url));
        if (url.startsWith("s3://")) return new S3BinaryCache(S3Location.parse(url));
        throw new IllegalArgumentException("unsupported binary cache '" + url + "' (file://DIR, http(s)://HOST/PATH or s3://bucket?endpoint=…)");
    }
}
