package com.beatgen.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** S3 event keys are URL-encoded as form values; only {@code .xml} keys are catalogs. */
class CatalogObjectKeysTest {

    @ParameterizedTest(name = "event key {0} is the object {1}")
    @CsvSource(delimiter = '|', value = {
            "beat_catalog.xml                 | beat_catalog.xml",
            "catalogs/beat+catalog+v2.xml     | catalogs/beat catalog v2.xml",
            "beat%2Bcatalog.xml               | beat+catalog.xml",
            "beat_catalog+%282026%29.xml      | beat_catalog (2026).xml",
            "%C4%90%C3%AAm+Bu%E1%BB%93n.xml   | Đêm Buồn.xml"})
    void decodesEventKeysAsS3EncodesThem(String encoded, String key) {
        assertThat(CatalogObjectSync.decodeKey(encoded)).isEqualTo(key);
    }

    @ParameterizedTest(name = "{0} is a catalog key: {1}")
    @CsvSource({"beat_catalog.xml, true", "Catalog.XML, true", "beat_catalog.xml.bak, false", "notes.txt, false", "xml, false"})
    void onlyXmlKeysAreCatalogs(String key, boolean catalog) {
        assertThat(CatalogObjectSync.isCatalogKey(key)).isEqualTo(catalog);
    }
}
