package dev.pipit.plugin.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pipit.spi.config.SettingProblem;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** The connection checks and the inferred column types, without a broker. */
class KafkaSettingsTest {
    private final KafkaConnectorFactory factory = new KafkaConnectorFactory();

    /** Tinybird's own examples write {@code {{ tb_secret("KAFKA_USERNAME", "") }}}: empty means not set. */
    @Test
    void emptyValuesCountAsUnset() {
        assertThat(factory.validate(Map.of(KafkaConnectorFactory.SECURITY_PROTOCOL.name(), "PLAINTEXT",
                KafkaConnectorFactory.KEY.name(), "", KafkaConnectorFactory.SECRET.name(), "",
                KafkaConnectorFactory.SCHEMA_REGISTRY_URL.name(), "",
                KafkaConnectorFactory.SSL_CA_PEM.name(), ""))).isEmpty();
        assertThat(factory.validate(Map.of(KafkaConnectorFactory.SECURITY_PROTOCOL.name(), "SASL_SSL",
                KafkaConnectorFactory.KEY.name(), "", KafkaConnectorFactory.SECRET.name(), "")))
                .extracting(SettingProblem::message).singleElement().asString()
                .contains("needs KAFKA_KEY and KAFKA_SECRET");
    }

    @Test
    void aRegistryUrlIsCheckedWithoutShowingItsPassword() {
        assertThat(KafkaConnectorFactory.SCHEMA_REGISTRY_URL.problem("ftp://u:pa55word@host")).hasValueSatisfying(
                problem -> assertThat(problem).contains("http:// or https://").doesNotContain("pa55word"));
        assertThat(KafkaConnectorFactory.SCHEMA_REGISTRY_URL.secret()).isTrue();
        assertThat(new SchemaRegistry(URI.create("https://user:p%40ss@registry.example.com:8081/apis/ccompat/v7/"))
                .shownAs()).isEqualTo("https://registry.example.com:8081");
    }

    @Test
    void oauthBearerNeedsATokenEndpoint() {
        Map<String, String> oauth = Map.of(KafkaConnectorFactory.SECURITY_PROTOCOL.name(), "SASL_SSL",
                KafkaConnectorFactory.SASL_MECHANISM.name(), "OAUTHBEARER",
                KafkaConnectorFactory.KEY.name(), "client", KafkaConnectorFactory.SECRET.name(), "secret");
        assertThat(factory.validate(oauth)).extracting(SettingProblem::message).singleElement().asString()
                .contains(KafkaConnectorFactory.OAUTHBEARER_TOKEN_ENDPOINT_URL.name());
        Map<String, String> complete = new HashMap<>(oauth);
        complete.put(KafkaConnectorFactory.OAUTHBEARER_TOKEN_ENDPOINT_URL.name(), "https://idp.example.com/token");
        assertThat(factory.validate(complete)).isEmpty();
    }

    @Test
    void inferredColumnsTypeEveryAvroKind() {
        Schema schema = SchemaBuilder.record("Row").fields()
                .requiredBoolean("b").requiredInt("i").requiredLong("l").requiredFloat("f").requiredDouble("d")
                .requiredString("s").requiredBytes("bytes")
                .name("dec").type(LogicalTypes.decimal(9, 2).addToSchema(Schema.create(Schema.Type.BYTES))).noDefault()
                .name("day").type(LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT))).noDefault()
                .name("ms").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .name("us").type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .name("tod").type(LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT))).noDefault()
                .name("id").type(LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING))).noDefault()
                .name("maybe").type().unionOf().nullType().and().longType().endUnion().nullDefault()
                .name("either").type().unionOf().intType().and().stringType().endUnion().noDefault()
                .name("nested").type().record("N").fields().requiredInt("x").endRecord().noDefault()
                .name("list").type().array().items().intType().noDefault()
                .name("dict").type().map().values().intType().noDefault()
                .name("kind").type().enumeration("K").symbols("A").noDefault()
                .endRecord();

        assertThat(AvroColumns.of(schema)).extracting(field -> field.name() + " " + field.type()).containsExactly(
                "b Bool", "i Int32", "l Int64", "f Float32", "d Float64", "s String", "bytes String",
                "dec Decimal(9, 2)", "day Date32", "ms DateTime64(3)", "us DateTime64(6)", "tod String", "id UUID",
                "maybe Nullable(Int64)", "either String", "nested String", "list String", "dict String",
                "kind String");
        assertThat(AvroColumns.of(Schema.create(Schema.Type.STRING))).isEmpty();
    }

    @Test
    void onlyTheThreeTinybirdFormatsAreNamed() {
        assertThat(List.of("avro", "JSON_WITH_SCHEMA", "json_without_schema"))
                .extracting(name -> WireFormat.named(name, WireFormat.AS_IS))
                .containsExactly(WireFormat.AVRO, WireFormat.JSON_WITH_SCHEMA, WireFormat.AS_IS);
        assertThat(WireFormat.named(" ", WireFormat.DETECTED)).isEqualTo(WireFormat.DETECTED);
    }
}
