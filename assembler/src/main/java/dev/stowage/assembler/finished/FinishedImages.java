package dev.stowage.assembler.finished;

import dev.stowage.assembler.provenance.ProvenanceTimes;
import dev.stowage.blob.BlobNotFoundException;
import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobStore;
import dev.stowage.json.Json;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.DocumentSource;
import dev.stowage.oci.StoredImageReader;
import dev.stowage.spec.BuildInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blob store's memory of finished images (docs/architecture.md, "Finished images"): under a
 * selector keyed by the build input's digest, this Stowage version and the provenance times, the
 * {@link FinishedImage} that input assembled to. Only reproducible builds are recorded: with
 * wall-clock provenance no two builds give the same bytes. Assembly is a pure function of the
 * input, so a build of the same key would write the same documents: {@link #find} gives the
 * record back once every blob it names (and every blob of its referrers) is in the store, and a
 * build can go straight to publishing (the referrers' manifests are read with
 * {@link StoredImageReader#ours}). Anything unreadable or missing is a miss, never an error.
 */
public final class FinishedImages {
    private static final Logger LOG = LoggerFactory.getLogger(FinishedImages.class);
    private final BlobStore store;
    private final StoredImageReader reader;
    private final String version;

    /** @param version the assembler's version: a new version may write other documents, so it keys apart */
    public FinishedImages(BlobStore store, String version) {
        this.store = store;
        this.reader = StoredImageReader.ours(DocumentSource.of(store));
        this.version = version;
    }

    /** The selector of {@code input} assembled with {@code times}; empty with wall-clock provenance. */
    public Optional<Digest> key(BuildInput input, ProvenanceTimes times) {
        if (!times.isReproducible()) return Optional.empty();
        String text = FinishedImage.FORMAT + "\n" + input.digest() + "\n" + version + "\n"
                + (times.sourceDateEpoch() == null ? "created" : times.sourceDateEpoch().toString());
        return Optional.of(Digest.ofBytes(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Records {@code image} under {@code key}; a store that refuses only loses the shortcut (logged). */
    public void record(Digest key, FinishedImage image) {
        try {
            BlobRef ref = store.put(Json.canonicalBytes(image));
            store.writeSelector(key, ref.digest());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot record finished image {} in {}: {}", image.index().digest(), store.describe(), e.toString());
        }
    }

    /** The image recorded under {@code key}, when it and every blob it is made of are in the store. */
    public Optional<FinishedImage> find(Digest key) {
        try {
            Optional<Digest> target = store.readSelector(key);
            if (target.isEmpty()) return Optional.empty();
            FinishedImage image = Json.readLenient(store.readAll(target.get()), FinishedImage.class);
            if (!FinishedImage.FORMAT.equals(image.format())) return Optional.empty();
            List<Digest> blobs = new ArrayList<>(image.blobs());
            for (Descriptor referrer : image.referrers()) {
                for (Descriptor blob : reader.blobs(referrer)) blobs.add(blob.digest());
            }
            return store.missing(blobs).isEmpty() ? Optional.of(image) : Optional.empty();
        } catch (BlobNotFoundException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read finished image record {} from {}: {}", key, store.describe(), e.toString());
            return Optional.empty();
        }
    }
}
