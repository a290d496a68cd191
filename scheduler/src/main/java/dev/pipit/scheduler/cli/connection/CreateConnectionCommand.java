package dev.pipit.scheduler.cli.connection;

import dev.pipit.scheduler.cli.ExitCodes;
import dev.pipit.scheduler.cli.ProjectOptions;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.spi.config.SettingSpec;
import dev.pipit.spi.config.SettingsSpec;
import dev.pipit.spi.connector.AccessDocument;
import dev.pipit.spi.connector.AccessRequest;
import dev.pipit.spi.connector.ConnectorFactory;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/scheduler connection create TYPE}: writes {@code connections/NAME.connection} from flags, asking for
 * what is missing only on a terminal, so scripts get an error instead of a prompt. Credentials are never taken on
 * the command line (they would land in shell history): the file gets {@code tb_secret()} placeholders instead.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Write connections/NAME.connection for a connection TYPE: any installed connector's (the bundled ones are "
                        + "s3, s3_iamrole, gcs, azure, kafka and local); its settings come from the connector itself.",
                "Credentials become tb_secret() placeholders; for s3_iamrole, --policy prints the IAM policies to paste."},
        footer = {"", "Examples:",
                "  bin/scheduler connection create s3_iamrole --name landing --region eu-west-1 \\",
                "      --role-arn arn:aws:iam::111111111111:role/pipit-read --policy read --bucket acme-landing",
                "  bin/scheduler connection create kafka --name events --bootstrap-servers broker:9092 \\",
                "      --setting KAFKA_SECURITY_PROTOCOL=SASL_SSL",
                "", "Exit codes: 0 written, 1 the file exists (use --force), 2 a flag is missing or wrong."})
final class CreateConnectionCommand implements Callable<Integer> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Whether the role may only read the bucket, or also write to it. */
    enum Policy {
        READ,
        WRITE
    }

    @Mixin
    private ProjectOptions options;

    @Parameters(index = "0", paramLabel = "TYPE", description = "The connection type.")
    private String type;

    @Option(names = "--name", paramLabel = "NAME", description = "The connection's name (letters, digits, _).")
    private String name;

    @Option(names = "--region", paramLabel = "REGION", description = "S3_REGION.")
    private String region;

    @Option(names = "--role-arn", paramLabel = "ARN", description = "S3_ARN: the role Pipit assumes (s3_iamrole).")
    private String roleArn;

    @Option(names = "--external-id", paramLabel = "ID",
            description = "S3_EXTERNAL_ID (s3_iamrole; default: a new random id).")
    private String externalId;

    @Option(names = "--endpoint", paramLabel = "URL", description = "The connector's endpoint setting (S3_ENDPOINT, GCS_ENDPOINT, AZURE_ENDPOINT).")
    private String endpoint;

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS", description = "KAFKA_BOOTSTRAP_SERVERS.")
    private String bootstrapServers;

    @Option(names = "--setting", paramLabel = "KEY=VALUE", description = "Any other setting the type declares (not a secret).")
    private Map<String, String> otherSettings = new LinkedHashMap<>();

    @Option(names = "--policy", paramLabel = "read|write",
            description = "Print what to paste into the cloud's console so the connection may use --bucket, for types "
                    + "that offer it (s3: the IAM access policy; s3_iamrole: also the trust policy).")
    private Policy policy;

    @Option(names = "--bucket", paramLabel = "BUCKET", description = "The bucket the policy is for.")
    private String bucket;

    @Option(names = "--queue", paramLabel = "QUEUE",
            description = "The notification queue the bucket's events go to (IMPORT_NOTIFICATIONS): --policy then also "
                    + "prints what polling it needs and the bucket's notification configuration.")
    private String queue;

    @Option(names = "--principal", paramLabel = "ARN",
            defaultValue = "arn:aws:iam::YOUR_ACCOUNT_ID:role/ROLE_PIPIT_RUNS_AS",
            description = "Who may assume the role, in the trust policy (default: a placeholder to replace).")
    private String principal;

    @Option(names = "--force", description = "Overwrite an existing file.")
    private boolean force;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ConnectorFactory> connector = PluginRegistry.forInstallation().connector(type);
        if (connector.isEmpty()) {
            err.println("connection create: no connection type '" + type + "' is installed; installed types: "
                    + PluginRegistry.forInstallation().connectors().stream().map(ConnectorFactory::type).toList());
            return ExitCodes.USAGE;
        }
        SettingsSpec settings = connector.get().settings();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String connectionName = name != null ? name : ask("connection name", problems, "--name");
        if (connectionName != null && !NAME.matcher(connectionName).matches()) {
            problems.add("--name " + connectionName + " is not a name: use letters, digits and _");
        }
        putFlag(settings, values, problems, "region", region);
        putFlag(settings, values, problems, "role-arn", roleArn);
        putFlag(settings, values, problems, "endpoint", endpoint);
        putFlag(settings, values, problems, "bootstrap-servers", bootstrapServers);
        otherSettings.forEach((key, value) -> put(settings.find(key), values, problems, "--setting " + key, key, value));
        // A role's external id guards against the confused deputy; a fresh random one is the safe default.
        withFlag(settings, "external-id").ifPresent(setting -> values.put(setting.name(),
                externalId != null ? externalId : UUID.randomUUID().toString()));
        for (SettingSpec<?> setting : settings.settings()) {
            if (setting.required() && !setting.secret() && !values.containsKey(setting.name())) {
                String answer = ask(setting.name() + " (" + setting.doc() + ")", problems, flagFor(setting));
                if (answer != null) {
                    values.put(setting.name(), answer);
                }
            }
        }
        List<AccessDocument> accessDocuments =
                policy == null ? List.of() : accessDocuments(connector.get(), values, problems);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> err.println("connection create: " + problem));
            return ExitCodes.USAGE;
        }
        // The plugin says which credentials the usual connection of its type sets; they become placeholders.
        List<String> secrets = settings.settings().stream()
                .filter(setting -> setting.secret() && setting.suggested())
                .map(SettingSpec::name)
                .toList();
        ConnectionFile file = new ConnectionFile(connectionName, type, values, secrets);
        Path target = options.projectDir().resolve("connections").resolve(connectionName + ".connection");
        if (Files.exists(target) && !force) {
            err.println("connection create: " + target + " exists; pass --force to overwrite it");
            return ExitCodes.FAILED;
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.render(), StandardCharsets.UTF_8);
        out.println("Wrote " + target);
        for (String secret : secrets) {
            out.println("Set " + secret + " before running: export " + file.secretName(secret) + "=... "
                    + "(or put it in the secrets file)");
        }
        for (AccessDocument document : accessDocuments) {
            out.println();
            out.println(document.title() + ":");
            out.println(document.text());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The documents the type offers for --policy, or a problem when it needs a bucket or has none. */
    private List<AccessDocument> accessDocuments(ConnectorFactory connector, Map<String, String> values,
            List<String> problems) {
        if (bucket == null) {
            problems.add("--policy needs --bucket BUCKET");
            return List.of();
        }
        AccessRequest.Access access = policy == Policy.WRITE ? AccessRequest.Access.WRITE : AccessRequest.Access.READ;
        String notificationQueue = null;
        if (queue != null) {
            try {
                notificationQueue = connector.notificationQueue(queue);
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                problems.add("--queue: " + e.getMessage());
                return List.of();
            }
        }
        List<AccessDocument> documents = connector.accessDocuments(
                new AccessRequest(bucket, access, values, principal, notificationQueue));
        if (documents.isEmpty()) {
            problems.add("connection type " + type + " has no access policy to print");
        }
        return documents;
    }

    /** Takes an option's value for the setting of this type that declares the option. */
    private static void putFlag(SettingsSpec settings, Map<String, String> values, List<String> problems,
            String option, String value) {
        if (value != null) {
            Optional<SettingSpec<?>> setting = withFlag(settings, option);
            put(setting, values, problems, "--" + option, setting.map(SettingSpec::name).orElse("setting for it"), value);
        }
    }

    /** Takes a flag's value for a setting the type must declare; a secret never comes from the command line. */
    private static void put(Optional<SettingSpec<?>> setting, Map<String, String> values, List<String> problems,
            String flag, String key, String value) {
        if (value == null) {
            return;
        }
        if (setting.isEmpty()) {
            problems.add(flag + " does not apply to this connection type (it has no " + key + ")");
        } else if (setting.get().secret()) {
            problems.add(key + " is a secret: it is written as a tb_secret() placeholder, not taken as a flag");
        } else if (setting.get().problem(value).isPresent()) {
            problems.add(flag + ": " + setting.get().problem(value).get() + " (found '" + value + "')");
        } else {
            values.put(setting.get().name(), value);
        }
    }

    private static Optional<SettingSpec<?>> withFlag(SettingsSpec settings, String option) {
        return settings.settings().stream()
                .filter(setting -> setting.flag().filter(option::equals).isPresent())
                .findFirst();
    }

    /** Asks on a terminal; without one (a script, CI) notes the missing flag instead of waiting for input. */
    private static String ask(String what, List<String> problems, String flag) {
        Console console = System.console();
        String answer = console == null ? null : console.readLine("%s: ", what);
        if (answer == null || answer.isBlank()) {
            problems.add("missing " + flag + " (" + what + ")");
            return null;
        }
        return answer.strip();
    }

    private static String flagFor(SettingSpec<?> setting) {
        return setting.flag().map(option -> "--" + option).orElse("--setting " + setting.name() + "=...");
    }
}
