package dev.pipit.scheduler.deploy;

import dev.pipit.scheduler.deploy.DeploymentPlan.ColumnChange;
import dev.pipit.scheduler.deploy.DeploymentPlan.DataSourceChange;
import dev.pipit.scheduler.project.ConnectionReferences;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a deployment may not do, each refusal a message that says what to do instead. Tinybird's rules: a connection
 * a data source still uses stays; removing a connection or a data source takes an explicit flag; a column's type
 * never changes in place.
 */
public final class DeploymentRules {
    public static final String ALLOW_DESTRUCTIVE = "--allow-destructive-operations";

    private DeploymentRules() {}

    /**
     * Connections the deployed project had and the folder no longer defines, while a data source or sink pipe file
     * names them. Read from the files as written, because such a project does not load.
     *
     * @param definedConnections the connection names the folder defines now
     */
    public static List<String> connectionsStillUsed(ProjectManifest deployed, Set<String> definedConnections, Path root) {
        List<String> refusals = new ArrayList<>();
        for (ConnectionReferences.Reference reference : ConnectionReferences.read(root)) {
            String connection = reference.connection();
            if (deployed.connections().containsKey(connection) && !definedConnections.contains(connection)) {
                refusals.add("connection " + connection + " cannot be removed: " + reference.kind() + " "
                        + reference.dataSource()
                        + " still uses it (" + reference.location() + "); point " + reference.dataSource()
                        + " at another connection, or remove " + reference.dataSource() + " in the same deployment");
            }
        }
        return refusals;
    }

    /** The plan's refusals, empty when it may be applied. */
    public static List<String> refusals(DeploymentPlan plan, boolean allowDestructive) {
        List<String> refusals = new ArrayList<>();
        if (plan.isDestructive() && !allowDestructive) {
            refusals.add("this deployment removes " + removals(plan) + ", which is destructive: run it again with "
                    + ALLOW_DESTRUCTIVE + " (tables keep their rows; ledgers and history are kept)");
        }
        for (DataSourceChange change : plan.dataSourcesChanged()) {
            for (ColumnChange column : change.columnsRetyped()) {
                refusals.add("data source " + change.name() + ": column " + column.name() + " cannot change type from "
                        + column.before().type() + " to " + column.after().type() + " in place; " + newDataSource(change));
            }
            for (String column : change.columnsRemoved()) {
                refusals.add("data source " + change.name() + ": column " + column + " cannot be removed in place; "
                        + newDataSource(change));
            }
        }
        return refusals;
    }

    private static String newDataSource(DataSourceChange change) {
        return "keep the column as deployed, and create a new data source with the new schema (for example "
                + "datasources/" + change.name() + "_v2.datasource), let it import, move readers to it, then remove "
                + change.name();
    }

    private static String removals(DeploymentPlan plan) {
        List<String> parts = new ArrayList<>();
        plan.connectionsRemoved().forEach(name -> parts.add("connection " + name));
        plan.dataSourcesRemoved().forEach(name -> parts.add("data source " + name));
        return String.join(", ", parts);
    }
}
