package com.beatgen.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlugsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "Đêm Buồn Piano | dem-buon-piano",
            "Mưa Sài Gòn Lo-fi | mua-sai-gon-lo-fi",
            "Lo-Fi Chill Study Beat | lo-fi-chill-study-beat",
            "  R&B  Slow Jam!! | r-b-slow-jam",
            "Café Crème Brûlée | cafe-creme-brulee",
            "Straße Nacht | strasse-nacht",
            "Œuvre Ørsted Łódź | oeuvre-orsted-lodz",
            "ﬁnal ﬂow | final-flow",
            "90s R&B Groove | 90s-r-b-groove",
            "---Trap--- | trap",
            "漢字 | ''",
    })
    void transliteratesAndDashes(String name, String slug) {
        assertEquals(slug, Slugs.slug(name));
    }
}
