package dev.pipit.scheduler.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.stream.StreamOffsets.ConcurrentConsumerException;
import dev.pipit.scheduler.testutil.TestDatabases;
import dev.pipit.testkit.db.Backend;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Offsets move only from where a consumer started, on H2 and on PostgreSQL. */
@ParameterizedClass
@EnumSource(Backend.class)
class StreamOffsetsTest {
    @Parameter
    Backend backend;

    private Database database;
    private StreamOffsets offsets;

    @BeforeEach
    void openDatabase() {
        database = TestDatabases.open(backend);
        offsets = new StreamOffsets(database.jdbi());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void aConsumerThatStartedFromAnOffsetAnotherMovedDropsItsBatch() {
        advance(null, 10);
        advance(10L, 25);

        assertThatThrownBy(() -> advance(10L, 30))
                .isInstanceOf(ConcurrentConsumerException.class)
                .hasMessageContaining("moved past offset 10");
        assertThat(offsets.read("g", "clicks", Set.of(0, 1))).isEqualTo(Map.of(0, 25L));
    }

    @Test
    void twoConsumersStoringThePartitionsFirstOffsetLetOnlyOneThrough() {
        advance(null, 10);

        assertThatThrownBy(() -> advance(null, 12))
                .isInstanceOf(ConcurrentConsumerException.class)
                .hasMessageContaining("got its first offset from another consumer");
        assertThat(offsets.byDataSource("events")).isEqualTo(Map.of(0, 10L));
    }

    private void advance(Long expected, long next) {
        database.jdbi().useTransaction(handle -> offsets.advance(handle, "events", "g", "clicks", 0, expected, next));
    }
}
