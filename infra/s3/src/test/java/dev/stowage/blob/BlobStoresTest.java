package dev.stowage.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.blob.s3.S3BlobStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoresTest {
    @TempDir Path tmp;

    @Test
    void fileUrlsAndPlainPathsAreFileSystemStores() throws Exception {
        try (BlobStore a = BlobStores.open("file:" + tmp.resolve("a")); BlobStore b = BlobStores.open(tmp.resolve("b").toString())) {
            assertThat(a).isInstanceOf(FileSystemBlobStore.class);
            assertThat(((FileSystemBlobStore) a).root()).isEqualTo(tmp.resolve("a"));
            assertThat(((FileSystemBlobStore) b).root()).isEqualTo(tmp.resolve("b"));
        }
    }

    @Test
    void s3UrlsAreS3StoresDescribedByTheirUrl() throws Exception {
        String url = "s3://team-blobs/ci/cache?endpoint=http://127.0.0.1:9/&region=eu-west-1";
        try (BlobStore s = BlobStores.open(url)) {
            assertThat(s).isInstanceOf(S3BlobStore.class);
            assertThat(s.describe()).isEqualTo("s3://team-blobs/ci/cache?endpoint=http://127.0.0.1:9/&region=eu-west-1");
        }
    }

    @Test
    void anythingElseIsRejectedByName() {
        assertThatThrownBy(() -> BlobStores.open("gs://bucket/x")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gs://bucket/x");
        assertThatThrownBy(() -> BlobStores.open("s3://key:secret@bucket/x")).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret@"));
        assertThatThrownBy(() -> BlobStores.open("s3://bucket/x?token=abc")).satisfies(e -> assertThat(e.getMessage()).doesNotContain("abc"));
    }
}
