package dev.stowage.blob.s3;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Where an S3 blob store lives: {@code s3://bucket/prefix?endpoint=http://host:port&region=r}.
 * An endpoint means an S3-compatible server (path-style addressing); without one, AWS S3.
 */
public record S3Location(String bucket, String prefix, URI endpoint, String region) {
    public S3Location {
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("invalid S3 bucket name '" + bucket + "'");
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        region = region == null ? "us-east-1" : region;
        if (endpoint != null) {
            if (endpoint.getRawUserInfo() != null) throw new IllegalArgumentException("credentials do not belong in the S3 endpoint URL");
            if (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())) || endpoint.getHost() == null) {
                throw new IllegalArgumentException("S3 endpoint must be http://host:port or https://host, not '" + endpoint + "'");
            }
        }
    }

    public static S3Location parse(String url) {
        if (url == null || !url.startsWith("s3://")) throw new IllegalArgumentException("not an s3:// URL: '" + url + "'");
        URI uri = URI.create(url);
        if (uri.getRawUserInfo() != null) throw new IllegalArgumentException("credentials do not belong in the s3:// URL (use the SDK's default chain)");
        Map<String, String> query = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("bad query parameter in s3:// URL (expected key=value)");
                query.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        for (String key : query.keySet()) {
            if (!key.equals("endpoint") && !key.equals("region")) throw new IllegalArgumentException("unknown parameter '" + key + "' in s3:// URL (endpoint, region)");
        }
        String endpoint = query.get("endpoint");
        return new S3Location(uri.getAuthority(), uri.getPath(), endpoint == null ? null : URI.create(endpoint), query.get("region"));
    }

    /** The object key of {@code relative} under the prefix. */
    public String key(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    /** The URL this location parses from (no credentials are ever part of it). */
    @Override
    public String toString() {
        String base = "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
        if (endpoint != null) return base + "?endpoint=" + endpoint + "&region=" + region;
        return region.equals("us-east-1") ? base : base + "?region=" + region;
    }
}
