package dev.kafkapool.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A certificate's time left, as its warnings say it: never rounded down to a day or to 0 h. */
class SettingTextTimeLeftTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "P30D, 30 days", "PT48H, 2 days", "PT47H59M, 47 h 59 min", "PT1H, 1 h 0 min", "PT59M59S, 59 min",
            "PT60S, 1 min", "PT59S, 59 s", "PT0S, 0 s", "PT-5S, 0 s" })
    void timeLeftIsSaidInTheUnitThatKeepsItsMeaning(Duration left, String said) {
        assertThat(SettingText.timeLeft(left)).isEqualTo(said);
    }

}
