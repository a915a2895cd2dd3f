package com.beatgen.testkit.s3;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3 protocol server in-process (S3Proxy) for the local stack and tests: the real AWS SDK S3 client talks to it
 * through {@code S3_ENDPOINT_URL}. Objects live in memory, or under a directory when one is given. Listens on
 * 127.0.0.1 only.
 */
public final class LocalS3 implements AutoCloseable {

    /** The credentials shared's S3 client signs with when {@code S3_ENDPOINT_URL} is set (S3Clients.LOCAL_ACCESS_KEY). */
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local-secret";

    private final S3Proxy proxy;
    private final BlobStoreContext context;

    private LocalS3(S3Proxy proxy, BlobStoreContext context) {
        this.proxy = proxy;
        this.context = context;
    }

    /** Starts on a free port; {@code directory} null keeps objects in memory. */
    public static LocalS3 start(Path directory) {
        Properties properties = new Properties();
        String provider = directory == null ? "transient" : "filesystem";
        if (directory != null) {
            try {
                Files.createDirectories(directory);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        }
        BlobStoreContext context = ContextBuilder.newBuilder(provider)
                .credentials(ACCESS_KEY, SECRET_KEY)
                .overrides(properties)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        try {
            proxy.start();
            while (!proxy.getState().equals("STARTED")) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("Local S3 did not start: " + e.getMessage(), e);
        }
        return new LocalS3(proxy, context);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public void createBucket(String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    /** Stops answering (tests use it to make S3 unavailable). */
    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Local S3 did not stop: " + e.getMessage(), e);
        } finally {
            context.close();
        }
    }
}
