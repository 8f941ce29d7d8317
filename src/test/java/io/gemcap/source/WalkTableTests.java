package io.gemcap.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gemcap.output.CaptionRow;
import io.gemcap.output.ResultsTable;
import io.gemcap.output.RowSource;
import io.gemcap.output.RowStatus;
import io.gemcap.testing.JobDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;

class WalkTableTests {

    private static final long RUN = 7;

    @TempDir
    Path dir;

    private static CaptionRow row(String path) {
        return new CaptionRow(CaptionRow.ImageFacts.unread(path), new CaptionRow.Answer(RowStatus.OK, "caption of " + path, null, null),
                CaptionRow.Usage.NONE, RowSource.CALL, null);
    }

    private static List<Walked> walked(int count) {
        List<Walked> walked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            walked.add(new Walked(i, ImageRef.file(String.format("d/img%04d.png", i), 100 + i)));
        }
        return walked;
    }

    private static List<String> listed(ImageSource partition) {
        List<String> paths = new ArrayList<>();
        try (ImageSource.Listing listing = partition.listAfter(null)) {
            listing.forEachRemaining(ref -> paths.add(ref.path()));
        }
        return paths;
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void aPartitionListsItsRangeInWalkOrderLessTheImagesThatHaveARow(JobDatabase database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.fresh());
        WalkTable walk = new WalkTable(jdbc);
        walk.record(RUN, walked(1200));
        walk.record(RUN + 1, walked(3));
        ResultsTable results = new ResultsTable(jdbc);
        results.insertAt(RUN, 1, List.of(new ResultsTable.Positioned(600, row("d/img0600.png")),
                new ResultsTable.Positioned(1100, row("d/img1100.png"))));

        WalkPartition partition = walk.partition(RUN, 500, 1150, new FolderImageSource(dir));

        List<String> paths = listed(partition);
        assertThat(walk.count(RUN)).isEqualTo(1200);
        assertThat(paths).hasSize(650 - 2).doesNotContain("d/img0600.png", "d/img1100.png").isSorted();
        assertThat(paths.get(0)).isEqualTo("d/img0500.png");
        assertThat(paths.get(paths.size() - 1)).isEqualTo("d/img1149.png");
        assertThat(partition.position("d/img1000.png")).isEqualTo(1000);
        assertThatThrownBy(() -> partition.position("d/img0001.png")).isInstanceOf(IllegalStateException.class);

        walk.forget(RUN);
        assertThat(walk.count(RUN)).isZero();
        assertThat(walk.count(RUN + 1)).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void aNameThatIsNotUtf8IsReadThroughTheTableFromTheSameFile(JobDatabase database) throws Exception {
        // (a file name whose bytes are not UTF-8: only the walk's Path, or its URI, holds them)
        Path odd = Path.of(URI.create(dir.toUri() + "caf%E9.png"));
        Files.write(odd, new byte[] {1, 2, 3});
        FolderImageSource folder = new FolderImageSource(dir);
        ImageRef found;
        try (ImageSource.Listing listing = folder.listAfter(null)) {
            found = listing.next();
        }
        assertThat(FileNames.isEscaped(found.path())).isTrue();
        WalkTable walk = new WalkTable(new JdbcTemplate(database.fresh()));
        walk.record(RUN, List.of(new Walked(0, found)));

        WalkPartition partition = walk.partition(RUN, 0, 1, folder);
        ImageRef listed;
        try (ImageSource.Listing listing = partition.listAfter(null)) {
            listed = listing.next();
        }

        assertThat(listed.path()).isEqualTo(found.path());
        assertThat(partition.read(listed, 100).bytes()).containsExactly(1, 2, 3);
    }

    @ParameterizedTest
    @EnumSource(JobDatabase.class)
    void rowsOfAnEarlierReleaseTakeTheirPlaceInTheWalkAndThoseOfVanishedImagesComeLast(JobDatabase database) {
        JdbcTemplate jdbc = new JdbcTemplate(database.fresh());
        for (String path : List.of("d/img0002.png", "d/gone.png", "d/img0000.png")) {
            jdbc.update("INSERT INTO gemcap_result (job_instance_id, job_execution_id, path, status, source) VALUES (?, 1, ?, 'ok', 'call')",
                    RUN, path);
        }
        WalkTable walk = new WalkTable(jdbc);
        walk.record(RUN, walked(3));

        walk.placeRowsWithoutPosition(RUN);
        new ResultsTable(jdbc).insertAt(RUN, 2, List.of(new ResultsTable.Positioned(1, row("d/img0001.png"))));

        List<String> order = new ArrayList<>();
        new ResultsTable(jdbc).eachInWalkOrder(RUN, row -> order.add(row.path()));
        assertThat(order).containsExactly("d/img0000.png", "d/img0001.png", "d/img0002.png", "d/gone.png");
    }
}
