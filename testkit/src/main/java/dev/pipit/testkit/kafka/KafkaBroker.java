package dev.pipit.testkit.kafka;

import dev.pipit.testkit.net.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real single-node KRaft broker (kafka_2.13 from Maven Central) in a child JVM on free loopback ports, one per
 * test JVM: {@code static final KafkaBroker BROKER = KafkaBroker.shared();}. It starts on first use and stops when
 * the JVM exits, so every test class of a module shares one start-up; tests keep apart by topic and group names.
 *
 * <p>One listener per security protocol: plain text on {@link #bootstrapServers()}; SASL ({@code PLAIN},
 * {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}) on {@link #saslBootstrapServers()}; TLS on
 * {@link #sslBootstrapServers()}; SASL over TLS ({@code SCRAM-SHA-512}) on {@link #saslSslBootstrapServers()};
 * {@code OAUTHBEARER} on {@link #oauthBootstrapServers()}, where tokens of {@link #tokenEndpoint()} (an identity
 * provider in this JVM, granting {@link OidcTokenEndpoint#CLIENT_ID}) are checked against its published key.
 * {@link #SASL_USER} / {@link #SASL_PASSWORD} log in with every mechanism (the SCRAM credentials are written when
 * the storage is formatted); the TLS listeners present a certificate for {@code 127.0.0.1} signed by a CA made at
 * start-up, whose PEM is {@link #caPem()}. The child runs on this JVM's class path, so a test module that uses it
 * needs {@code kafka_2.13}, {@code kafka-tools} and {@code bcpkix-jdk18on} in test scope.
 */
public final class KafkaBroker {
    public static final String SASL_USER = "pipit-user";
    public static final String SASL_PASSWORD = "s3cr3t-kafka-pw";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final int START_ATTEMPTS = 3;
    private static final String KEY_STORE_PASSWORD = "broker-store-pw";

    private static KafkaBroker shared;

    private Path dir;
    private Process process;
    private int plainPort;
    private int saslPort;
    private int sslPort;
    private int saslSslPort;
    private int oauthPort;
    private int[] ports = new int[0];
    private String caPem;
    private OidcTokenEndpoint tokenEndpoint;

    private KafkaBroker() {}

    /** The broker of this JVM, started on the first call. */
    public static synchronized KafkaBroker shared() {
        for (int attempt = 1; shared == null; attempt++) {
            KafkaBroker broker = new KafkaBroker();
            Thread stop = new Thread(broker::stopQuietly, "kafka-test-broker-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                broker.start();
                shared = broker;
            } catch (PortTakenException e) {
                // Another process bound one of the free ports before the broker's JVM did: try other ports.
                broker.stopQuietly();
                Runtime.getRuntime().removeShutdownHook(stop);
                if (attempt == START_ATTEMPTS) {
                    throw new IllegalStateException("cannot start the test Kafka broker (" + START_ATTEMPTS
                            + " attempts): " + e.getMessage(), e);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test Kafka broker: " + e.getMessage(), e);
            }
        }
        return shared;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + plainPort;
    }

    public String saslBootstrapServers() {
        return "127.0.0.1:" + saslPort;
    }

    public String sslBootstrapServers() {
        return "127.0.0.1:" + sslPort;
    }

    public String saslSslBootstrapServers() {
        return "127.0.0.1:" + saslSslPort;
    }

    /** SASL_PLAINTEXT with {@code OAUTHBEARER}: JWTs signed by {@link #tokenEndpoint()}. */
    public String oauthBootstrapServers() {
        return "127.0.0.1:" + oauthPort;
    }

    /** The identity provider whose tokens the OAUTHBEARER listener takes. */
    public OidcTokenEndpoint tokenEndpoint() {
        return tokenEndpoint;
    }

    /** The PEM of the CA that signed the TLS listeners' certificate. */
    public String caPem() {
        return caPem;
    }

    private void start() throws Exception {
        dir = Files.createTempDirectory("kafka-broker");
        int[] ports = FreePorts.take(6);
        plainPort = ports[0];
        saslPort = ports[1];
        sslPort = ports[2];
        saslSslPort = ports[3];
        oauthPort = ports[4];
        int controllerPort = ports[5];
        this.ports = ports;
        tokenEndpoint = OidcTokenEndpoint.start();
        TestCertificates certificates = TestCertificates.create();
        caPem = certificates.caPem();
        Path keyStore = dir.resolve("broker.p12");
        certificates.writeBrokerKeyStore(keyStore, KEY_STORE_PASSWORD);
        Path config = dir.resolve("server.properties");
        Files.writeString(config, serverProperties(controllerPort, keyStore), StandardCharsets.UTF_8);
        Process format = java("kafka.tools.StorageTool", "format", "--standalone", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString(), "--add-scram", scramCredential("SCRAM-SHA-256"),
                "--add-scram", scramCredential("SCRAM-SHA-512"))
                .redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting the broker's storage failed: " + log("format.log"));
        }
        process = java("kafka.Kafka", config.toString()).redirectOutput(dir.resolve("broker.log").toFile()).start();
        awaitReady();
    }

    private void stopQuietly() {
        try {
            if (tokenEndpoint != null) {
                tokenEndpoint.close();
            }
            if (process != null) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        } catch (IOException | InterruptedException e) {
            // The JVM is exiting; what is left is a temporary folder.
        }
    }

    public void createTopic(String topic, int partitions) throws ExecutionException, InterruptedException {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            awaitLeaders(admin, topic, partitions);
        }
    }

    /**
     * Waits until the broker serves every partition as its leader. A topic exists in the metadata a moment before
     * its partitions do on the broker; an idempotent producer whose first write lands in that moment is answered
     * NOT_LEADER_OR_FOLLOWER, and under load it was seen to retry OUT_OF_ORDER_SEQUENCE_NUMBER for good after it.
     * Listing offsets is answered by the partition's leader itself, so its success is the readiness to wait for.
     */
    private static void awaitLeaders(Admin admin, String topic, int partitions)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < partitions; partition++) {
            latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                admin.listOffsets(latest).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** A producer that waits for every write to be acknowledged; close it when done. */
    public KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends UTF-8 values without key to one partition and waits until all are stored. */
    public void send(String topic, int partition, String... values) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    private void awaitReady() throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        while (true) {
            if (!process.isAlive()) {
                if (anyPortTaken()) {
                    throw new PortTakenException(log("broker.log"));
                }
                throw new IllegalStateException("the broker exited with " + process.exitValue() + ": "
                        + log("broker.log"));
            }
            try (Admin admin = Admin.create(properties)) {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the broker did not answer within " + START_TIMEOUT + ": "
                            + log("broker.log"), notYet);
                }
            }
            Thread.sleep(200);
        }
    }

    private static String scramCredential(String mechanism) {
        return mechanism + "=[name=" + SASL_USER + ",password=" + SASL_PASSWORD + "]";
    }

    private String serverProperties(int controllerPort, Path keyStore) {
        String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=" + listeners() + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + listeners(),
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,"
                        + "SASL_SSL:SASL_SSL,OAUTH:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required user_" + SASL_USER
                        + "=\"" + SASL_PASSWORD + "\";",
                "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=" + scram,
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=" + scram,
                "listener.name.sasl_ssl.sasl.enabled.mechanisms=SCRAM-SHA-512",
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=" + scram,
                "listener.name.oauth.sasl.enabled.mechanisms=OAUTHBEARER",
                "listener.name.oauth.oauthbearer.sasl.jaas.config="
                        + "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;",
                "listener.name.oauth.oauthbearer.sasl.server.callback.handler.class="
                        + "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler",
                "sasl.oauthbearer.jwks.endpoint.url=" + tokenEndpoint.jwksUrl(),
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + keyStore,
                "ssl.keystore.password=" + KEY_STORE_PASSWORD,
                "ssl.key.password=" + KEY_STORE_PASSWORD,
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "");
    }

    private String listeners() {
        return "PLAINTEXT://127.0.0.1:" + plainPort + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                + ",SSL://127.0.0.1:" + sslPort + ",SASL_SSL://127.0.0.1:" + saslSslPort
                + ",OAUTH://127.0.0.1:" + oauthPort;
    }

    private ProcessBuilder java(String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A test broker holds little; a small heap and the quick JIT tier keep it light on a shared machine.
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // Kafka 4 fetches OAuth keys only from URLs listed here.
                "-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=" + tokenEndpoint.jwksUrl(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    /**
     * Whether another process listens on one of the broker's ports: asked once the broker exited, so its own
     * sockets are closed. Its log cannot tell, as it logs nowhere when the test's class path has no SLF4J binding.
     */
    private boolean anyPortTaken() {
        for (int port : ports) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                // Free.
            } catch (IOException taken) {
                return true;
            }
        }
        return false;
    }

    private String log(String name) {
        try {
            String text = Files.readString(dir.resolve(name));
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker exited because a port it was given had been taken meanwhile. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String brokerLog) {
            super("a port was taken before the broker bound it: " + brokerLog);
        }
    }
}
