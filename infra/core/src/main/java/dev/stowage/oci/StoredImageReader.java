package dev.stowage.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one reader of stored images: given a {@link DocumentSource} (the blob store, an OCI layout,
 * a registry repository), reads an index, its platform manifests and their configs, each parsed
 * once with one policy and verified, into the OCI model's records. Layers are never read.
 *
 * <p>The policy, for every document: the bytes fetched must have the digest and the size of the
 * descriptor that names them; the descriptor's media type must be of the kind asked for (an index,
 * a manifest, a config), and so must the document's own {@code mediaType} field where it has one;
 * the descriptors inside are validated by the model (a media type present, a {@code sha256:}
 * digest of 64 lowercase hex characters, a size of at least 0); a manifest names a config. Failing
 * any of this is an {@link InvalidDocumentException}; a document the source lacks is the source's
 * {@link BlobNotFoundException}. Beyond that, who wrote the document decides:
 * <ul>
 *   <li>{@link #ours}: documents Stowage wrote into the blob store (assembled images, read back by
 *       the publisher, the assembler's finished-image record, the registry client's push and the
 *       registry service) are read with {@link Json#read} semantics: unknown fields, duplicate keys
 *       and wrong scalar types are errors, and only OCI media types are accepted.</li>
 *   <li>{@link #foreign}: documents other tools wrote (base images from registries, OCI layouts and
 *       docker archives; anything a registry serves, even an image Stowage pushed, since a
 *       registry may convert it) are read with {@link Json#readLenient} semantics: unknown fields
 *       are ignored, and Docker v2 schema 2 media types are accepted beside the OCI ones.</li>
 * </ul>
 * Stateless apart from its source; thread-safe when the source is.
 */
public final class StoredImageReader {
    /** What a document is read as: its record, the media types ours and foreign documents may have, its own media type field. */
    private record Kind<T>(Class<T> type, List<String> ours, List<String> foreign, Function<T, String> ownType) {}

    private static final Kind<ImageIndex> INDEX = new Kind<>(ImageIndex.class, List.of(MediaTypes.OCI_INDEX),
            List.of(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST), ImageIndex::mediaType);
    private static final Kind<ImageManifest> MANIFEST = new Kind<>(ImageManifest.class, List.of(MediaTypes.OCI_MANIFEST),
            List.of(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST), ImageManifest::mediaType);
    private static final Kind<ImageConfig> CONFIG = new Kind<>(ImageConfig.class, List.of(MediaTypes.OCI_CONFIG),
            List.of(MediaTypes.OCI_CONFIG, MediaTypes.DOCKER_CONFIG), c -> null);

    private final DocumentSource source;
    private final boolean strict;

    private StoredImageReader(DocumentSource source, boolean strict) {
        this.source = source;
        this.strict = strict;
    }

    /** A reader of documents Stowage wrote: strict JSON, OCI media types only. */
    public static StoredImageReader ours(DocumentSource source) {
        return new StoredImageReader(source, true);
    }

    /** A reader of documents other tools wrote: unknown fields ignored, OCI and Docker v2 media types. */
    public static StoredImageReader foreign(DocumentSource source) {
        return new StoredImageReader(source, false);
    }

    /** The bytes {@code blob} names, verified against its digest and size. */
    public byte[] bytes(Descriptor blob) throws IOException {
        return verified(blob, source.fetch(blob));
    }

    public ImageIndex index(Descriptor index) throws IOException {
        return read(index, null, INDEX);
    }

    /** The index {@code index} names, from bytes already fetched (verified all the same). */
    public ImageIndex index(Descriptor index, byte[] bytes) throws IOException {
        return read(index, bytes, INDEX);
    }

    /** An index that no descriptor names: the {@code index.json} of an OCI layout. */
    public ImageIndex layoutIndex(byte[] bytes) throws IOException {
        ImageIndex parsed = parse(null, bytes, ImageIndex.class);
        List<String> allowed = allowed(INDEX);
        if (parsed.mediaType() != null && !allowed.contains(parsed.mediaType())) {
            throw new InvalidDocumentException(null, "the layout index has media type " + parsed.mediaType() + ", expected "
                    + String.join(" or ", allowed));
        }
        return parsed;
    }

    public ImageManifest manifest(Descriptor manifest) throws IOException {
        return manifest(manifest, null);
    }

    /** The manifest {@code manifest} names, from bytes already fetched (verified all the same). */
    public ImageManifest manifest(Descriptor manifest, byte[] bytes) throws IOException {
        ImageManifest parsed = read(manifest, bytes, MANIFEST);
        if (parsed.config() == null) {
            throw new InvalidDocumentException(manifest.digest(), "blob " + manifest.digest() + " is not a valid ImageManifest: config: missing");
        }
        return parsed;
    }

    /** The manifest {@code manifest} names; empty when the descriptor names an index instead, or the source lacks it. */
    public Optional<ImageManifest> findManifest(Descriptor manifest) throws IOException {
        if (MediaTypes.isIndex(manifest.mediaType())) return Optional.empty();
        try {
            return Optional.of(manifest(manifest));
        } catch (BlobNotFoundException absent) {
            return Optional.empty();
        }
    }

    public ImageConfig config(Descriptor config) throws IOException {
        return read(config, null, CONFIG);
    }

    /** The config {@code config} names, from bytes already fetched (verified all the same). */
    public ImageConfig config(Descriptor config, byte[] bytes) throws IOException {
        return read(config, bytes, CONFIG);
    }

    /** The image {@code manifest} names: its manifest and config. */
    public StoredImage image(Descriptor manifest) throws IOException {
        ImageManifest m = manifest(manifest);
        return new StoredImage(manifest, m, config(m.config()));
    }

    /** Every platform image of the index, in index order; an entry that is not a manifest (a nested index) is refused. */
    public List<StoredImage> images(Descriptor index) throws IOException {
        List<StoredImage> images = new ArrayList<>();
        for (Descriptor m : index(index).manifests()) images.add(image(m));
        return images;
    }

    /**
     * Every blob reachable from {@code top} (an index, nested indexes followed, or a manifest): the
     * documents, configs and layers, children after their parent, each once, as bare descriptors
     * (media type, digest, size). Configs and layers are named, not read.
     */
    public List<Descriptor> blobs(Descriptor top) throws IOException {
        Set<Descriptor> out = new LinkedHashSet<>();
        collect(top, out);
        return List.copyOf(out);
    }

    private void collect(Descriptor d, Set<Descriptor> out) throws IOException {
        if (!out.add(bare(d))) return;
        if (MediaTypes.isIndex(d.mediaType())) {
            for (Descriptor child : index(d).manifests()) collect(child, out);
        } else {
            ImageManifest m = manifest(d);
            out.add(bare(m.config()));
            for (Descriptor layer : m.layers()) out.add(bare(layer));
        }
    }

    /** {@code d} read as {@code kind}: its media type checked first, then its bytes (fetched when null) verified and parsed. */
    private <T> T read(Descriptor d, byte[] bytes, Kind<T> kind) throws IOException {
        List<String> allowed = allowed(kind);
        if (!allowed.contains(d.mediaType())) {
            throw new InvalidDocumentException(d.digest(), "blob " + d.digest() + " has media type " + d.mediaType() + ", expected "
                    + String.join(" or ", allowed));
        }
        T parsed = parse(d.digest(), verified(d, bytes == null ? source.fetch(d) : bytes), kind.type());
        String own = kind.ownType().apply(parsed);
        if (own != null && !own.equals(d.mediaType())) {
            throw new InvalidDocumentException(d.digest(), "blob " + d.digest() + " says it is " + own + ", its descriptor says " + d.mediaType());
        }
        return parsed;
    }

    private List<String> allowed(Kind<?> kind) {
        return strict ? kind.ours() : kind.foreign();
    }

    private static Descriptor bare(Descriptor d) {
        return Descriptor.of(d.mediaType(), d.digest(), d.size());
    }

    private byte[] verified(Descriptor d, byte[] bytes) throws InvalidDocumentException {
        if (bytes.length != d.size()) {
            throw new InvalidDocumentException(d.digest(), "blob " + d.digest() + " in " + source.describe() + " has " + bytes.length
                    + " bytes, its descriptor says " + d.size());
        }
        Digest actual = Digest.ofBytes(bytes);
        if (!actual.equals(d.digest())) {
            throw new InvalidDocumentException(d.digest(), "blob " + d.digest() + " in " + source.describe() + " has digest " + actual);
        }
        return bytes;
    }

    private <T> T parse(Digest digest, byte[] bytes, Class<T> type) throws InvalidDocumentException {
        String what = digest == null ? "the layout index" : "blob " + digest;
        try {
            return strict ? Json.read(bytes, type) : Json.readLenient(bytes, type);
        } catch (UncheckedIOException e) {
            String why = e.getCause() instanceof JsonProcessingException j ? Json.describe(j) : e.getCause().getMessage();
            throw new InvalidDocumentException(digest, what + " is not a valid " + type.getSimpleName() + ": " + why, e.getCause());
        }
    }
}
