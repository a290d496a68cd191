package dev.pipit.scheduler.cli;

import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.ConnectionDef;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.Diagnostic;
import dev.pipit.scheduler.project.ImportSpec;
import dev.pipit.scheduler.project.KafkaSpec;
import dev.pipit.scheduler.project.Project;
import java.io.PrintWriter;

/** The text {@code check} prints: what the project holds, then every diagnostic, then a count. */
final class ProjectSummary {
    private ProjectSummary() {}

    static void print(Project project, PrintWriter out) {
        out.println("Project " + project.root());
        out.println("Connections (" + project.connections().size() + ")");
        for (ConnectionDef connection : project.connections().values()) {
            out.println("  " + connection.name() + "  " + connection.type());
        }
        out.println("Data sources (" + project.dataSources().size() + ")");
        for (DataSourceDef dataSource : project.dataSources().values()) {
            out.println("  " + dataSource.name() + "  " + source(dataSource));
            if (dataSource.schema().isEmpty()) {
                out.println("    columns inferred from the first file");
            }
            for (ColumnDef column : dataSource.schema()) {
                out.println("    " + column.name() + " " + column.type());
            }
        }
        if (!project.diagnostics().isEmpty()) {
            out.println();
        }
        project.diagnostics().forEach(out::println);
        out.println(count(project, Diagnostic.Severity.ERROR, "error") + ", "
                + count(project, Diagnostic.Severity.WARNING, "warning"));
    }

    private static String source(DataSourceDef dataSource) {
        if (dataSource.importSpec().isPresent()) {
            ImportSpec spec = dataSource.importSpec().get();
            return spec.bucketUri() + " via " + spec.connectionName() + ", " + spec.schedule().datafileValue();
        }
        if (dataSource.kafkaSpec().isPresent()) {
            KafkaSpec spec = dataSource.kafkaSpec().get();
            return "kafka topic " + spec.topic() + " via " + spec.connectionName() + ", group " + spec.groupId();
        }
        return "not fed by Pipit";
    }

    private static String count(Project project, Diagnostic.Severity severity, String noun) {
        long count = project.diagnostics().stream().filter(diagnostic -> diagnostic.severity() == severity).count();
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
