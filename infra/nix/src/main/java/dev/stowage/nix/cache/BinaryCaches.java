package dev.stowage.nix.cache;

import java.net.URI;
import java.nio.file.Path;

/** Opens a binary cache from its URL. */
public final class BinaryCaches {
    private BinaryCaches() {}

    public static BinaryCache open(String url) {
        if (url.startsWith("file://")) return new FileBinaryCache(Path.of(URI.create(url.replace(" ", "%20")).getPath()));
        if (url.startsWith("http://") || url.startsWith("https://")) return new HttpBinaryCache(URI.create(url));
        if (url.startsWith("s3://")) return new S3BinaryCache(dev.stowage.blob.s3.S3Location.parse(url));
        throw new IllegalArgumentException("unsupported binary cache '" + url + "' (file://DIR, http(s)://HOST/PATH or s3://bucket?endpoint=…)");
    }
}
