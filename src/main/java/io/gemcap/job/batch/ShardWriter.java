package io.gemcap.job.batch;

import io.gemcap.job.RunLog;
import io.gemcap.caption.ImagePreparer;
import io.gemcap.caption.Prepared;
import io.gemcap.gemini.BatchRequestWriter;
import io.gemcap.gemini.RequestSettings;
import io.gemcap.output.ResultsTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Writes one chunk of a batch run's preparation: the images that need no call become rows at once (results
 * table and ledger, with their walk positions); the others become one shard, a request file named by the walk
 * position of its first image (so a chunk done again after a crash writes the same shard again) and its rows
 * in the job database, all in the chunk's transaction.
 */
public class ShardWriter implements ItemWriter<ShardWriter.Staged> {

    /** An image prepared for a batch run, at its place in walk order. */
    public record Staged(long position, Prepared prepared) {
    }

    private final long instance;
    private final long execution;
    private final String namePrefix;
    private final Path folder;
    private final RequestSettings request;
    private final ImagePreparer preparer;
    private final ResultsTable results;
    private final BatchShards shards;

    /** @param namePrefix the start of each batch's display name: it identifies the job and run on the service */
    public ShardWriter(long instance, long execution, String namePrefix, Path folder, RequestSettings request, ImagePreparer preparer,
            ResultsTable results, BatchShards shards) {
        this.instance = instance;
        this.execution = execution;
        this.namePrefix = Objects.requireNonNull(namePrefix, "namePrefix");
        this.folder = Objects.requireNonNull(folder, "folder");
        this.request = Objects.requireNonNull(request, "request");
        this.preparer = Objects.requireNonNull(preparer, "preparer");
        this.results = Objects.requireNonNull(results, "results");
        this.shards = Objects.requireNonNull(shards, "shards");
    }

    /** Where a shard's request file is kept until it is uploaded. */
    public static Path shardFile(Path folder, long shard) {
        return folder.resolve("shard-" + shard + ".jsonl");
    }

    @Override
    public void write(Chunk<? extends Staged> chunk) throws IOException {
        List<ResultsTable.Positioned> finished = new ArrayList<>();
        List<Staged> calls = new ArrayList<>();
        for (Staged staged : chunk) {
            if (staged.prepared() instanceof Prepared.Finished done) {
                finished.add(new ResultsTable.Positioned(staged.position(), done.row()));
            } else {
                calls.add(staged);
            }
        }
        results.insertAt(instance, execution, finished);
        RunLog.warnAbout(finished.stream().map(ResultsTable.Positioned::row).toList());
        preparer.remember(finished.stream().map(ResultsTable.Positioned::row).toList());
        if (calls.isEmpty()) {
            return;
        }
        long shard = calls.get(0).position();
        Files.createDirectories(folder);
        Path file = shardFile(folder, shard);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        List<BatchShards.Item> items = new ArrayList<>();
        long tokens = 0;
        try {
            try (OutputStream out = Files.newOutputStream(partial); BatchRequestWriter writer = new BatchRequestWriter(request, out)) {
                for (Staged staged : calls) {
                    Prepared.Payload payload = (Prepared.Payload) staged.prepared();
                    writer.write(key(staged.position()), payload.prompt(), payload.sendable());
                    tokens += payload.predictedInputTokens();
                    var image = payload.image();
                    var sent = payload.sendable();
                    items.add(new BatchShards.Item(staged.position(), shard, image.ref().path(), image.sha256(), payload.version(),
                            image.type().mime(), image.dimensions().width(), image.dimensions().height(), sent.sent().width(),
                            sent.sent().height(), (long) sent.bytes().length, sent.note()));
                }
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // (A full disk: the shard is written again when the chunk is, on resume.)
            Files.deleteIfExists(partial);
            throw e;
        }
        shards.add(instance, shard, namePrefix + " shard " + shard, tokens, items);
    }

    /** An image's key in its batch: its walk position. */
    public static String key(long position) {
        return "p" + position;
    }

    /** The walk position a key names, or -1 for a key gemcap did not write. */
    public static long position(String key) {
        try {
            return key != null && key.startsWith("p") ? Long.parseLong(key.substring(1)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
