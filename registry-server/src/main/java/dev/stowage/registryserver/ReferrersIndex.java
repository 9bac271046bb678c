package dev.stowage.registryserver;

import com.google.re2j.Pattern;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI index listing a subject's referrers, as the referrers API answers it and as the
 * referrers tag schema ({@code sha256-<hex>}, for clients without the API) serves it as a manifest.
 */
final class ReferrersIndex {
    private static final Pattern FALLBACK_TAG = Pattern.compile("sha256-[0-9a-f]{64}");

    private ReferrersIndex() {}

    static byte[] bytes(List<Descriptor> referrers) {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        index.put("manifests", referrers.stream().map(d -> d.withPlatform(null)).toList());
        return Json.canonicalBytes(index);
    }

    /** The subject a referrers tag names, or empty for any other tag. */
    static Optional<Digest> subjectOfTag(String tag) {
        return FALLBACK_TAG.matches(tag) ? Optional.of(Digest.parse("sha256:" + tag.substring("sha256-".length()))) : Optional.empty();
    }
}
