package dev.stowage.publisher.output;

import dev.stowage.blob.BlobStore;
import dev.stowage.event.IndexAssembled;
import dev.stowage.event.Published;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** {@code oci:DIR} outputs: staged by {@link OciLayoutWriter#stage}, committed by its renames. */
final class LayoutOutputWriter implements OutputWriter<ImageLocation.OciLayout> {
    private final BlobStore store;

    LayoutOutputWriter(BlobStore store) {
        this.store = store;
    }

    @Override
    public StagedOutput stage(IndexAssembled event, ImageLocation.OciLayout target, Map<Digest, Long> sizes) throws IOException {
        OciLayoutWriter.Staged staged = new OciLayoutWriter(store).stage(Path.of(target.path()), event.index(), event.tags(), event.referrers());
        return new StagedOutput() {
            @Override
            public Published.Destination commit() throws IOException {
                staged.commit();
                return new Published.Destination(target, target + ":" + event.tag(), event.index().digest());
            }

            @Override
            public void abort() {
                staged.abort();
            }

            @Override
            public boolean local() {
                return true;
            }
        };
    }
}
