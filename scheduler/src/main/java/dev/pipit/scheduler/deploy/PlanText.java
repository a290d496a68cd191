package dev.pipit.scheduler.deploy;

import dev.pipit.scheduler.deploy.DeploymentPlan.ColumnChange;
import dev.pipit.scheduler.deploy.DeploymentPlan.ConnectionChange;
import dev.pipit.scheduler.deploy.DeploymentPlan.DataSourceChange;
import dev.pipit.scheduler.deploy.DeploymentPlan.SettingChange;
import dev.pipit.scheduler.deploy.ProjectManifest.ColumnEntry;
import java.util.ArrayList;
import java.util.List;

/** A plan as people read it: one line per change, {@code +} added, {@code -} removed, {@code ~} changed. */
public final class PlanText {
    static final String SCHEDULE = "IMPORT_SCHEDULE";
    static final String BUCKET_URI = "IMPORT_BUCKET_URI";
    static final String GROUP_ID = "KAFKA_GROUP_ID";

    private PlanText() {}

    public static List<String> lines(DeploymentPlan plan) {
        List<String> lines = new ArrayList<>();
        plan.connectionsAdded().forEach(name -> lines.add("+ connection " + name));
        plan.connectionsRemoved().forEach(name -> lines.add("- connection " + name));
        for (ConnectionChange change : plan.connectionsChanged()) {
            lines.add("~ connection " + change.name());
            change.settings().forEach(setting -> lines.add("    ~ " + setting(setting)));
        }
        plan.dataSourcesAdded().forEach(name -> lines.add("+ data source " + name));
        for (String name : plan.dataSourcesRemoved()) {
            lines.add("- data source " + name + ": its schedule stops; tables " + name + " and " + name
                    + "_quarantine keep their rows, its ledger and history stay. To drop the rows, run in your "
                    + "database: DROP TABLE " + name + "; DROP TABLE " + name + "_quarantine;");
        }
        for (DataSourceChange change : plan.dataSourcesChanged()) {
            lines.add("~ data source " + change.name());
            for (ColumnEntry column : change.columnsAdded()) {
                lines.add("    + column " + column.name() + " " + column.type()
                        + " (the table gains it now; rows already there read NULL)");
            }
            for (ColumnChange column : change.columnsChanged()) {
                lines.add("    ~ column " + column.name() + describe(column));
            }
            change.columnsRemoved().forEach(column -> lines.add("    - column " + column + " (refused)"));
            change.settings().forEach(setting -> lines.add("    ~ " + setting(setting)));
        }
        return lines;
    }

    /** One line for the deployments list: what changed, by name. */
    public static String summary(DeploymentPlan plan) {
        List<String> parts = new ArrayList<>();
        plan.connectionsAdded().forEach(name -> parts.add("added connection " + name));
        plan.connectionsRemoved().forEach(name -> parts.add("removed connection " + name));
        plan.connectionsChanged().forEach(change -> parts.add("changed connection " + change.name()));
        plan.dataSourcesAdded().forEach(name -> parts.add("added data source " + name));
        plan.dataSourcesRemoved().forEach(name -> parts.add("removed data source " + name));
        for (DataSourceChange change : plan.dataSourcesChanged()) {
            List<String> what = new ArrayList<>();
            change.columnsAdded().forEach(column -> what.add("+column " + column.name()));
            change.columnsChanged().forEach(column -> what.add("~column " + column.name()));
            change.settings().forEach(setting -> what.add(setting.key()));
            parts.add("changed data source " + change.name() + " (" + String.join(", ", what) + ")");
        }
        return parts.isEmpty() ? "no changes" : String.join("; ", parts);
    }

    private static String describe(ColumnChange column) {
        if (column.isRetyped()) {
            return " type " + column.before().type() + " -> " + column.after().type() + " (refused)";
        }
        return " mapping " + mapping(column.before()) + " -> " + mapping(column.after());
    }

    private static String mapping(ColumnEntry column) {
        return (column.jsonPath() == null ? "by name" : "json:" + column.jsonPath())
                + (column.defaultExpression() == null ? "" : " DEFAULT " + column.defaultExpression());
    }

    private static String setting(SettingChange change) {
        String line = (change.key().equals(SCHEDULE) ? "schedule" : change.key()) + " "
                + value(change.before()) + " -> " + value(change.after());
        return switch (change.key()) {
            case BUCKET_URI -> line + ": keys already in the ledger are not imported again";
            case GROUP_ID -> line + ": reading starts from the offsets stored for group " + value(change.after())
                    + " (KAFKA_AUTO_OFFSET_RESET where it has none)";
            default -> line;
        };
    }

    private static String value(String value) {
        return value == null ? "(unset)" : value;
    }
}
