package com.beatgen.local.up;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * What {@code ./beatgen up} does with the watcher's reports: each change is delivered through the local catalog bucket
 * (as an upload in AWS) and told as a log line. Content that failed as a catalog (Catalog.Invalid, Catalog.SyncFailed)
 * is not delivered again until the file changes; only S3 or the database being unavailable makes the watcher retry.
 */
public record CatalogEvents(UpLog log, LocalCatalogDelivery delivery, Jdbi jdbi) implements CatalogWatcher.Listener {

    @Override
    public void changed(byte[] content) {
        LocalCatalogDelivery.Delivery result = delivery.deliver(content);
        String took = result.took().toMillis() + " ms";
        if (result.failed()) {
            String error = result.failure().getClass().getName();
            if (error.endsWith(".Unavailable")) {
                throw result.failure(); // S3 or the database down: the watcher reports it once and delivers the content again
            }
            // Catalog.Invalid, Catalog.SyncFailed …: this content fails every time, so it is not delivered again until it changes
            log.line("catalog", ("Catalog.Invalid".equals(error) ? "REFUSED " : "NOT SYNCED (" + error + ") ") + result.key()
                    + ", the previous catalog stays active: " + result.failure().getMessage().replaceFirst("^Invalid catalog: ", ""));
            return;
        }
        Map<String, Object> record = result.record();
        switch (String.valueOf(record.get("outcome"))) {
            case "SYNCED" -> log.line("catalog", "synced " + result.key() + ": " + activeTemplates() + " active templates ("
                    + changes(record) + ") in " + took);
            case "DUPLICATE" -> log.line("catalog", "unchanged " + result.key() + ": this version is already synced");
            default -> log.line("catalog", record.get("outcome") + " " + result.key() + ": " + record.get("detail"));
        }
    }

    @Override
    public void unreadable(String reason) {
        log.line("catalog", "cannot sync the watched file: " + reason + "; the current catalog stays active");
    }

    private static String changes(Map<String, Object> record) {
        List<String> changes = new ArrayList<>();
        for (String count : List.of("added", "updated", "deactivated", "reactivated")) {
            if (record.get(count) instanceof Integer n && n > 0) {
                changes.add(n + " " + count);
            }
        }
        return changes.isEmpty() ? "no change" : String.join(", ", changes);
    }

    private int activeTemplates() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM beat_template WHERE is_active")
                .mapTo(Integer.class).one());
    }
}
