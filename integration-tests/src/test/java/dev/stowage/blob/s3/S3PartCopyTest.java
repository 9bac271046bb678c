package dev.stowage.blob.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.blob.BlobRef;
import dev.stowage.blob.BlobWriter;
import dev.stowage.it.harness.S3Proxy;
import dev.stowage.oci.Digest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The UploadPartCopy path (blobs above 5 GiB on S3) with limits shrunk so a 13 MiB blob takes it:
 * copied in 5 MiB ranges on a real S3Proxy, the blob reads back with its digest and nothing else is left.
 */
class S3PartCopyTest {
    @TempDir Path tmp;

    @Test
    void aBlobAboveTheSingleCopyLimitIsCopiedInParts() throws Exception {
        try (S3Proxy server = new S3Proxy(tmp.resolve("s3proxy"))) {
            server.createBucket("part-copy");
            S3Location at = new S3Location("part-copy", "p", server.endpoint(), "us-east-1");
            byte[] bytes = new byte[13 << 20];
            new Random(13).nextBytes(bytes);
            try (S3BlobStore store = new S3BlobStore(at, server.credentials(), Duration.ofSeconds(10), 1 << 20, 5 << 20)) {
                BlobRef ref;
                try (BlobWriter w = store.writer()) {
                    w.stream().write(bytes);
                    ref = w.commit(Digest.ofBytes(bytes));
                }
                assertThat(ref).isEqualTo(new BlobRef(Digest.ofBytes(bytes), bytes.length));
                assertThat(store.size(ref.digest())).isEqualTo(bytes.length);
                assertThat(store.readAll(ref.digest())).isEqualTo(bytes);
            }
            try (S3Client s3 = server.client()) {
                List<String> keys = s3.listObjectsV2Paginator(r -> r.bucket("part-copy")).contents().stream().map(o -> o.key()).toList();
                assertThat(keys).containsExactly("p/blobs/sha256/" + Digest.ofBytes(bytes).hex());
                assertThat(s3.listMultipartUploads(r -> r.bucket("part-copy")).uploads()).isEmpty();
            }
        }
    }
}
