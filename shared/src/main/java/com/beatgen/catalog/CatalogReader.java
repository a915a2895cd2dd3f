package com.beatgen.catalog;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a SpreadsheetML catalog into validated templates (seed property 6: the whole document is validated before
 * any database work). Uses the worksheet named "Beat Catalog" (else the first), finds the header row by its column
 * names, and reports every problem with its row and column. Validation knows the database: every value is checked
 * against its column's width in code points, the Unicode policy of {@link CatalogText} and the uniqueness of the ids
 * ({@code beat_template}'s primary key; {@code category_name} is unique by binary comparison, which distinct ids
 * imply), so a catalog this reader accepts is one the sync can write (docs/unicode.md).
 */
public final class CatalogReader {

    public static final String SHEET_NAME = "Beat Catalog";
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    private static final int MAX_ERRORS = 200;

    private final SpreadsheetMl spreadsheet;

    public CatalogReader() {
        this(DEFAULT_MAX_BYTES);
    }

    public CatalogReader(long maxBytes) {
        this.spreadsheet = new SpreadsheetMl(maxBytes);
    }

    /**
     * Parses and validates the whole catalog.
     *
     * @throws InvalidCatalogException with every error found; the input is never partially accepted
     */
    public List<BeatTemplate> read(InputStream input) {
        List<SpreadsheetMl.Sheet> sheets = spreadsheet.read(input);
        SpreadsheetMl.Sheet sheet = sheets.stream()
                .filter(s -> s.name().equalsIgnoreCase(SHEET_NAME))
                .findFirst()
                .orElseGet(() -> sheets.isEmpty() ? null : sheets.get(0));
        if (sheet == null) {
            throw new InvalidCatalogException(CatalogError.document("the workbook has no worksheet"));
        }
        return new Validation(sheet).templates();
    }

    private static final class Validation {
        private final SpreadsheetMl.Sheet sheet;
        private final List<CatalogError> errors = new ArrayList<>();

        Validation(SpreadsheetMl.Sheet sheet) {
            this.sheet = sheet;
        }

        List<BeatTemplate> templates() {
            int headerIndex = headerRowIndex();
            if (headerIndex < 0) {
                throw new InvalidCatalogException(CatalogError.document("worksheet '" + sheet.name()
                        + "' has no header row; expected the columns " + Arrays.stream(Column.values()).map(Column::header).toList()));
            }
            SpreadsheetMl.Row header = sheet.rows().get(headerIndex);
            Map<Column, Integer> columns = columns(header);
            for (Column column : Column.values()) {
                if (column.required() && !columns.containsKey(column)) {
                    errors.add(new CatalogError(header.number(), column.header(), "required column is missing from the header row"));
                }
            }
            if (!errors.isEmpty()) {
                throw new InvalidCatalogException(errors);
            }

            List<BeatTemplate> templates = new ArrayList<>();
            Map<String, Integer> rowOfId = new HashMap<>();
            for (SpreadsheetMl.Row row : sheet.rows().subList(headerIndex + 1, sheet.rows().size())) {
                if (columns.values().stream().allMatch(c -> row.cell(c).isEmpty())) {
                    continue; // a row with content only outside the catalog's columns
                }
                Optional<BeatTemplate> template = template(row, columns);
                template.ifPresent(t -> {
                    Integer first = rowOfId.putIfAbsent(t.id(), row.number());
                    if (first != null) {
                        error(row.number(), Column.CATEGORY_NAME, "'" + t.categoryName() + "' has the id '" + t.id()
                                + "', already used by row " + first + "; category names must differ in more than case, accents or punctuation");
                    } else {
                        templates.add(t);
                    }
                });
                if (errors.size() >= MAX_ERRORS) {
                    break;
                }
            }
            if (errors.isEmpty() && templates.isEmpty()) {
                errors.add(new CatalogError(header.number(), null, "the catalog has no templates below the header row"));
            }
            if (!errors.isEmpty()) {
                throw new InvalidCatalogException(errors);
            }
            return templates;
        }

        /** The first row naming the Category Name column, or at least two known columns. */
        private int headerRowIndex() {
            for (int i = 0; i < sheet.rows().size(); i++) {
                Set<Column> named = new LinkedHashSet<>();
                sheet.rows().get(i).cells().values().forEach(text -> Column.forHeader(text).ifPresent(named::add));
                if (named.contains(Column.CATEGORY_NAME) || named.size() >= 2) {
                    return i;
                }
            }
            return -1;
        }

        private Map<Column, Integer> columns(SpreadsheetMl.Row header) {
            Map<Column, Integer> columns = new EnumMap<>(Column.class);
            header.cells().forEach((index, text) -> Column.forHeader(text).ifPresent(column -> {
                if (columns.putIfAbsent(column, index) != null) {
                    errors.add(new CatalogError(header.number(), column.header(), "the column appears more than once in the header row"));
                }
            }));
            return columns;
        }

        private Optional<BeatTemplate> template(SpreadsheetMl.Row row, Map<Column, Integer> columns) {
            int before = errors.size();
            Map<Column, String> values = new EnumMap<>(Column.class);
            for (Column column : Column.values()) {
                Integer index = columns.get(column);
                String value = index == null ? "" : CatalogText.normalize(row.cell(index)).strip();
                int length = CatalogText.length(value);
                Optional<CatalogText.Forbidden> invisible = CatalogText.forbidden(value, column == Column.PROMPT);
                if (column.required() && value.isEmpty()) {
                    error(row.number(), column, "a value is required");
                } else if (length > column.maxLength()) {
                    error(row.number(), column, "is " + length + " characters long; at most " + column.maxLength() + " are allowed");
                } else if (invisible.isPresent()) {
                    error(row.number(), column, "contains the invisible character " + invisible.get().describe()
                            + "; invisible format and control characters are not allowed");
                }
                values.put(column, value);
            }
            List<String> tags = tags(row.number(), values.get(Column.TAGS));
            String categoryName = values.get(Column.CATEGORY_NAME);
            String id = Slugs.slug(categoryName);
            if (!categoryName.isEmpty() && id.isEmpty() && errors.size() == before) {
                error(row.number(), Column.CATEGORY_NAME, "'" + categoryName + "' has no letters or digits to make an id from");
            }
            if (errors.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new BeatTemplate(id, categoryName, values.get(Column.GENRE), values.get(Column.STYLE),
                    values.get(Column.MOOD), values.get(Column.USE_CASE), tags, values.get(Column.PROMPT)));
        }

        /** Comma-separated, trimmed, empties dropped, duplicates (ignoring case) dropped. */
        private List<String> tags(int row, String text) {
            Set<String> seen = new LinkedHashSet<>();
            List<String> tags = new ArrayList<>();
            for (String part : text.split(",")) {
                String tag = part.strip();
                if (tag.isEmpty() || !seen.add(tag.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                if (CatalogText.length(tag) > Column.MAX_TAG_LENGTH) {
                    error(row, Column.TAGS, "tag '" + tag.substring(0, tag.offsetByCodePoints(0, 20)) + "…' is longer than "
                            + Column.MAX_TAG_LENGTH + " characters");
                }
                tags.add(tag);
            }
            if (tags.size() > Column.MAX_TAGS) {
                error(row, Column.TAGS, tags.size() + " tags; at most " + Column.MAX_TAGS + " are allowed");
            }
            return tags;
        }

        private void error(int row, Column column, String message) {
            errors.add(new CatalogError(row, column.header(), message));
        }
    }
}
