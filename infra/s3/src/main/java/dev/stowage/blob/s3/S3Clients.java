package dev.stowage.blob.s3;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The one way Stowage builds an S3 client, for blob stores and binary caches alike. */
public final class S3Clients {
    private S3Clients() {}

    public static S3Client create(S3Location location, AwsCredentialsProvider credentials) {
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(location.region()))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60)).build())
                // Checksums only where the API requires them: S3-compatible servers differ in which of
                // the SDK's newer default checksums (CRC32 trailers) they accept, and every blob and NAR
                // is verified with SHA-256 by Stowage itself.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // Retries are Stowage's own (S3Calls), with a window the bus knows about.
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)));
        if (location.endpoint() != null) b.endpointOverride(location.endpoint()).forcePathStyle(true);
        return b.build();
    }

    /** A presigner that signs URLs the way {@link #create} addresses objects: same region, credentials, endpoint and path style. */
    public static S3Presigner presigner(S3Location location, AwsCredentialsProvider credentials) {
        S3Presigner.Builder b = S3Presigner.builder().region(Region.of(location.region())).credentialsProvider(credentials);
        if (location.endpoint() != null) {
            b.endpointOverride(location.endpoint()).serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build());
        }
        return b.build();
    }
}
