package io.modelhouse.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PersonNameTest {

    @Test
    void splitsChineseAndWesternNames() {
        assertEquals(new PersonName("磊", "王"), PersonName.of("王磊"));
        assertEquals(new PersonName("晓明", "欧阳"), PersonName.of("欧阳晓明"));
        assertEquals(new PersonName("Ada", "Lovelace"), PersonName.of("Ada Lovelace"));
        assertEquals(new PersonName("Cher", "Cher"), PersonName.of("Cher"));
    }

    @Test
    void charactersKeycloakRefusesAreLeftOutOfItsCopy() {
        assertEquals(new PersonName("Anna CFO", "b"), PersonName.of("Anna (CFO) <b>"));
        assertEquals(new PersonName("O'Brien-Smith Jr. 1", "x"), PersonName.of("O'Brien-Smith, Jr. #1 {x}"));
        assertEquals(new PersonName("-", "-"), PersonName.of("<>@"));
        assertEquals(new PersonName("王磊", "老板"), PersonName.of(" 王磊 (老板) "));
    }
}
