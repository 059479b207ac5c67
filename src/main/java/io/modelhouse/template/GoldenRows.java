package io.modelhouse.template;

import java.math.BigDecimal;
import java.util.List;

/** A template version materialised: the rows provisioning copies into every tenant built from it. */
public record GoldenRows(List<UnitRow> units, List<MemberRow> members, List<RecordRow> records, List<ItemRow> items) {

    public record UnitRow(int localId, Integer parentLocalId, String key, String nameZh, String nameEn, int depth,
            int sortOrder) {
    }

    public record MemberRow(int localId, int unitLocalId, String name, String nameLatin, String titleZh, String titleEn,
            String roleKey, String emailLocal, String phone, int sortOrder) {
    }

    /** A workspace item: channel, message, announcement, approval flow/request, task, integration, sync log. */
    public record ItemRow(int localId, Integer parentLocalId, String kind, String key, String title, String body, String status,
            RelativeDate at, Integer memberLocalId, BigDecimal amount, String dataJson) {
    }

    /** @param dateFields the fields of type date, kept relative in dataJson; null when there are none */
    public record RecordRow(int localId, String type, String refNo, String title, String status, RelativeDate at,
            Integer memberLocalId, BigDecimal amount, String dataJson, List<String> dateFields) {
    }
}
