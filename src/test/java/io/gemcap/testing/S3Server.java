package io.gemcap.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;

/**
 * A real S3 wire-protocol server (S3Proxy over jclouds' in-memory store) in this JVM, with SigV4
 * authentication. It counts the downloads and listing calls it serves, answers 503 to reads on request, and
 * can delete an object right after a listing has shown it, as a concurrent deletion would.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "gemcap-test-access";
    public static final String SECRET_KEY = "gemcap-test-secret";

    private final BlobStoreContext context;
    private final Observed store;
    private final S3Proxy proxy;

    public S3Server() throws Exception {
        context = ContextBuilder.newBuilder("transient").build(BlobStoreContext.class);
        store = new Observed(context.getBlobStore());
        proxy = S3Proxy.builder()
                .blobStore(store)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
            Thread.sleep(10);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** What a user sets to reach this server: the standard AWS variables. */
    public Map<String, String> environment() {
        return Map.of("AWS_ENDPOINT_URL", endpoint(), "AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    public void createBucket(String bucket) {
        store.createContainerInLocation(null, bucket);
    }

    public void put(String bucket, String key, byte[] bytes) {
        store.putBlob(bucket, store.blobBuilder(key).payload(bytes).contentLength(bytes.length).build());
    }

    public byte[] get(String bucket, String key) throws Exception {
        Blob blob = context.getBlobStore().getBlob(bucket, key);
        try (var in = blob.getPayload().openStream()) {
            return in.readAllBytes();
        }
    }

    public boolean exists(String bucket, String key) {
        return context.getBlobStore().blobExists(bucket, key);
    }

    /** Bytes of object content served by GetObject calls so far (ranged reads count what their range held). */
    public long bytesServed() {
        return store.bytesServed.get();
    }

    /** Objects downloaded so far (GetObject calls answered with the object). */
    public int downloads() {
        return store.downloads.get();
    }

    public List<String> downloadedKeys() {
        return List.copyOf(store.downloaded);
    }

    /** The marker (StartAfter) of each listing call served so far, {@code ""} for a listing from the start. */
    public List<String> listingMarkers() {
        return List.copyOf(store.markers);
    }

    /** The next {@code n} object reads answer 503, as S3 does when asked to slow down. */
    public void failNextReads(int n) {
        store.failReads.set(n);
    }

    /** The next {@code n} object writes answer 503. */
    public void failNextWrites(int n) {
        store.failWrites.set(n);
    }

    /** Reads of {@code key} answer 403, as for an object this identity may not read. */
    public void denyReads(String key) {
        store.denied.add(key);
    }

    /** Replaces {@code key} with {@code bytes} as soon as a listing has returned it, so the listed size is stale. */
    public void replaceAfterListing(String bucket, String key, byte[] bytes) {
        store.replaceAfterListing.put(bucket + "/" + key, bytes);
    }

    /** Deletes {@code key} as soon as a listing has returned it, before anyone can read it. */
    public void deleteAfterListing(String bucket, String key) {
        store.deleteAfterListing.add(bucket + "/" + key);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }

    private static final class Observed extends ForwardingBlobStore {

        final AtomicInteger downloads = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicLong bytesServed = new java.util.concurrent.atomic.AtomicLong();
        final AtomicInteger failReads = new AtomicInteger();
        final AtomicInteger failWrites = new AtomicInteger();
        final List<String> downloaded = Collections.synchronizedList(new ArrayList<>());
        final List<String> markers = Collections.synchronizedList(new ArrayList<>());
        final Set<String> deleteAfterListing = ConcurrentHashMap.newKeySet();
        final Set<String> denied = ConcurrentHashMap.newKeySet();
        final Map<String, byte[]> replaceAfterListing = new ConcurrentHashMap<>();

        Observed(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public PageSet<? extends StorageMetadata> list(String container, ListContainerOptions options) {
            markers.add(options.getMarker() == null ? "" : options.getMarker());
            PageSet<? extends StorageMetadata> page = super.list(container, options);
            for (StorageMetadata object : page) {
                if (deleteAfterListing.remove(container + "/" + object.getName())) {
                    removeBlob(container, object.getName());
                }
                byte[] replacement = replaceAfterListing.remove(container + "/" + object.getName());
                if (replacement != null) {
                    putBlob(container, blobBuilder(object.getName()).payload(replacement).contentLength(replacement.length).build());
                }
            }
            return page;
        }

        @Override
        public String putBlob(String container, Blob blob, org.jclouds.blobstore.options.PutOptions options) {
            if (failWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new HttpResponseException("slow down", null, HttpResponse.builder().statusCode(503).build());
            }
            return super.putBlob(container, blob, options);
        }

        @Override
        public String putBlob(String container, Blob blob) {
            return putBlob(container, blob, org.jclouds.blobstore.options.PutOptions.NONE);
        }

        @Override
        public Blob getBlob(String container, String name) {
            return getBlob(container, name, GetOptions.NONE);
        }

        @Override
        public Blob getBlob(String container, String name, GetOptions options) {
            if (failReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new HttpResponseException("slow down", null, HttpResponse.builder().statusCode(503).build());
            }
            if (denied.contains(name)) {
                throw new HttpResponseException("access denied", null, HttpResponse.builder().statusCode(403).build());
            }
            Blob blob = super.getBlob(container, name, options);
            if (blob != null) {
                downloads.incrementAndGet();
                downloaded.add(name);
                Long length = blob.getMetadata().getContentMetadata().getContentLength();
                bytesServed.addAndGet(length == null ? 0 : length);
            }
            return blob;
        }
    }
}
