package dev.pipit.scheduler.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeGuessTest {
    @Test
    void textIntegersAreInt64() {
        assertThat(text("1", "-42", "+7", "9223372036854775807")).isEqualTo("Int64");
    }

    @Test
    void textIntegersPastInt64StayStringsSoNoDigitIsLost() {
        assertThat(text("1", "9223372036854775808")).isEqualTo("String");
    }

    @Test
    void integersWithLeadingZerosStayStringsSoTheZerosAreKept() {
        assertThat(text("08123", "10115", "90210")).isEqualTo("String");
        assertThat(text("-007")).isEqualTo("String");
        assertThat(text("0", "-0", "+0", "10")).isEqualTo("Int64");
    }

    @Test
    void textNumbersWithAFractionOrExponentAreFloat64AndWidenIntegers() {
        assertThat(text("1.5", ".5", "1e3", "-2.5E-3")).isEqualTo("Float64");
        assertThat(text("1", "2.5", "3")).isEqualTo("Float64");
    }

    @Test
    void textDatesAndTimes() {
        assertThat(text("2024-05-01", "2024-12-31")).isEqualTo("Date");
        assertThat(text("2024-05-01 10:15:00", "2024-05-01T10:16:00Z")).isEqualTo("DateTime");
        assertThat(text("2024-05-01 10:15:00.123")).isEqualTo("DateTime64(3)");
        assertThat(text("2024-05-01 10:15:00.123456", "2024-05-01 10:15:00")).isEqualTo("DateTime64(6)");
        assertThat(text("2024-05-01", "2024-05-01 10:15:00")).isEqualTo("DateTime");
    }

    @Test
    void datesAndTimesTheNarrowTypesCannotHoldTakeTheWideOnes() {
        assertThat(text("2024-05-01", "1965-03-02")).isEqualTo("Date32");
        assertThat(text("2024-05-01 10:15:00", "1965-03-02 08:00:00")).isEqualTo("DateTime64(0)");
        assertThat(text("2024-05-01 10:15:00", "2120-01-01")).as("a date past DateTime's last second")
                .isEqualTo("DateTime64(0)");
        assertThat(text("1965-03-02 08:00:00.123")).isEqualTo("DateTime64(3)");
        assertThat(text("2024-05-01", "1850-01-01")).as("before Date32's first day").isEqualTo("String");
        assertThat(text("2024-05-01", "2024-02-30")).as("no such day").isEqualTo("String");
    }

    @Test
    void textBooleans() {
        assertThat(text("true", "FALSE")).isEqualTo("Bool");
    }

    @Test
    void anyOtherMixIsString() {
        assertThat(text("1", "abc")).isEqualTo("String");
        assertThat(text("2024-05-01", "1")).isEqualTo("String");
        assertThat(text("true", "1")).isEqualTo("String");
    }

    @Test
    void emptiesMakeTheTypeNullable() {
        assertThat(text("1", "", "3")).isEqualTo("Nullable(Int64)");
        assertThat(text("a", null)).isEqualTo("Nullable(String)");
        assertThat(text("", " ")).isEqualTo("Nullable(String)");
        assertThat(text()).isEqualTo("Nullable(String)");
    }

    @Test
    void aMissingValueMakesTheTypeNullable() {
        TypeGuess guess = new TypeGuess();
        guess.add(1L);
        guess.addMissing();

        assertThat(guess.type(false)).isEqualTo("Nullable(Int64)");
    }

    @Test
    void typedValuesKeepTheirJsonTypes() {
        assertThat(typed(1L, 2L)).isEqualTo("Int64");
        assertThat(typed(1L, new BigDecimal("2.5"))).isEqualTo("Float64");
        assertThat(typed(true, false)).isEqualTo("Bool");
        assertThat(typed(Map.of("id", 1L))).isEqualTo("String");
        assertThat(typed(List.of(1L, 2L))).isEqualTo("String");
        assertThat(typed(1L, null)).isEqualTo("Nullable(Int64)");
    }

    @Test
    void typedStringsAreStringsExceptDatesAndTimes() {
        assertThat(typed("42", "7")).isEqualTo("String");
        assertThat(typed("true")).isEqualTo("String");
        assertThat(typed("2024-05-01T10:15:00Z")).isEqualTo("DateTime");
        assertThat(typed("2024-05-01")).isEqualTo("Date");
    }

    @Test
    void everySampledValueConvertsUnderTheGuessedType() throws InvalidValueException {
        List<List<String>> columns = List.of(
                List.of("1", "-42", ""), List.of("1", "2.5"), List.of("2024-05-01", "2024-05-01 10:15:00"),
                List.of("2024-05-01T10:15:00.123Z"), List.of("true", "False"), List.of("a", "1"));
        for (List<String> values : columns) {
            String type = text(values.toArray());
            ValueConverter converter = ValueConverter.forColumn(new ColumnSpec("c", ClickHouseType.parse(type), null));
            for (String value : values) {
                converter.convert(value);
            }
        }
    }

    private static String text(Object... values) {
        return guess(values).type(true);
    }

    private static String typed(Object... values) {
        return guess(values).type(false);
    }

    private static TypeGuess guess(Object... values) {
        TypeGuess guess = new TypeGuess();
        Arrays.stream(values).forEach(guess::add);
        return guess;
    }
}
