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
}
