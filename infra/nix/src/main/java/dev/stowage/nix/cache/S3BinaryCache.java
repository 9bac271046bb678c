package dev.stowage.nix.cache;

import dev.stowage.blob.s3.S3Clients;
import dev.stowage.blob.s3.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** A binary cache in an S3 bucket ({@code s3://bucket[/prefix]?endpoint=…&region=…}), as {@code nix copy --to s3://…} writes it. */
public final class S3BinaryCache implements BinaryCache {
    private final S3Location location;
    private final S3Client s3;

    public S3BinaryCache(S3Location location) {
        this(location, DefaultCredentialsProvider.builder().build());
    }

    public S3BinaryCache(S3Location location, AwsCredentialsProvider credentials) {
        this.location = location;
        this.s3 = S3Clients.create(location, credentials);
    }

    @Override
    public Optional<byte[]> read(String relative) throws IOException {
        try {
            return Optional.of(s3.getObjectAsBytes(r -> r.bucket(location.bucket()).key(location.key(relative))).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IOException("cannot read " + relative + " from " + location + ": " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public InputStream open(String relative) throws IOException {
        try {
            return s3.getObject(r -> r.bucket(location.bucket()).key(location.key(relative)));
        } catch (SdkException e) {
            throw new IOException("cannot read " + relative + " from " + location + ": " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String describe() {
        return location.toString();
    }

    @Override
    public void close() {
        s3.close();
    }
}
