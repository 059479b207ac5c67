package io.modelhouse.template;

/** What a bundle makes, counted from the bundle itself (the same figures its golden rows will have). */
public record BundleSummary(long people, long orgUnits, long records, int recordTypes, int integrations, int scenarios,
        int documents, int channels, int messages, int approvalFlows, int tasks, int roles) {

    public static BundleSummary of(TemplateBundle b) {
        long[] people = { 0 };
        long[] units = { 0 };
        count(b.org().units().get(0), people, units);
        long records = 0;
        for (var t : b.records().types()) {
            records += (t.generate() == null ? 0 : t.generate().count()) + (t.samples() == null ? 0 : t.samples().size());
        }
        var w = b.workspace();
        return new BundleSummary(people[0], units[0], records, b.records().types().size(),
                b.integrations().integrations().size(), b.scenarios().scenarios().size(), b.knowledge().documents().size(),
                w.channels().size(), w.channels().stream().mapToInt(c -> c.messages().size()).sum(), w.approvalFlows().size(),
                w.tasks().size(), b.meta().roles().size());
    }

    private static void count(TemplateBundle.Unit u, long[] people, long[] units) {
        units[0]++;
        for (var p : u.positionsOrEmpty()) {
            people[0] += p.count();
        }
        for (var c : u.unitsOrEmpty()) {
            count(c, people, units);
        }
    }
}
