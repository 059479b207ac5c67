package io.modelhouse;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import jakarta.transaction.Transactional;
import jakarta.ws.rs.POST;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import io.modelhouse.common.FormPost;
import io.modelhouse.tenant.StepJournal;

/**
 * The layout of README's architecture section, kept by the build: dependencies point down only.
 *
 * <pre>
 * doors        console, admin, portal      pages and /api resources
 * lifecycle    reset, extend, expire, purge, reconcile, the trial clock and every job
 * usage        what prospects do: capture, group-commit writer, partitions, rollup, reads
 * provisioning build a tenant: cold or for the pool, one step sequence, the clone SQL
 * identity     every Keycloak call, trial accounts, invitations, who a prospect is
 * foundation   tenant (registry, states, context, RLS, data rows), template, mail, workspace
 * common       problem+json, clock, config, audit, page glue
 * </pre>
 */
class ArchitectureTest {

    private static final String ROOT = "io.modelhouse";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void layersPointDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("doors").definedBy(ROOT + ".console..", ROOT + ".admin..", ROOT + ".portal..", ROOT + ".signup..")
                .layer("lifecycle").definedBy(ROOT + ".lifecycle..")
                .layer("followup").definedBy(ROOT + ".followup..")
                .layer("usage").definedBy(ROOT + ".usage..")
                .layer("provisioning").definedBy(ROOT + ".provisioning..")
                .layer("identity").definedBy(ROOT + ".identity..")
                .layer("foundation")
                .definedBy(ROOT + ".tenant..", ROOT + ".template..", ROOT + ".mail..", ROOT + ".workspace..")
                .layer("common").definedBy(ROOT + ".common..")
                .whereLayer("doors").mayNotBeAccessedByAnyLayer()
                .whereLayer("lifecycle").mayOnlyBeAccessedByLayers("doors")
                .whereLayer("followup").mayOnlyBeAccessedByLayers("doors", "lifecycle")
                .whereLayer("usage").mayOnlyBeAccessedByLayers("doors", "lifecycle", "followup")
                .whereLayer("provisioning").mayOnlyBeAccessedByLayers("doors", "lifecycle")
                .whereLayer("identity").mayOnlyBeAccessedByLayers("doors", "lifecycle", "followup", "provisioning")
                .whereLayer("foundation").mayOnlyBeAccessedByLayers("doors", "lifecycle", "followup", "usage", "provisioning",
                        "identity")
                .whereLayer("common").mayOnlyBeAccessedByLayers("doors", "lifecycle", "followup", "usage", "provisioning",
                        "identity", "foundation")
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void doorsDoNotUseEachOther() {
        slices().matching(ROOT + ".(console|admin|portal|signup)..").should().notDependOnEachOther().check(MAIN);
    }

    @Test
    void foundationPackagesStandAlone() {
        slices().matching(ROOT + ".(tenant|template|mail|workspace)..").should().notDependOnEachOther().check(MAIN);
    }

    @Test
    void pagesAndResourcesOpenNoTransaction() {
        noClasses().that().resideInAnyPackage(ROOT + ".console..", ROOT + ".admin..", ROOT + ".portal..", ROOT + ".signup..")
                .and().haveSimpleNameEndingWith("Page").or().haveSimpleNameEndingWith("Resource")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.quarkus.narayana.jta.QuarkusTransaction")
                .orShould().beAnnotatedWith(Transactional.class)
                .check(MAIN);
        noMethods().that().areDeclaredInClassesThat().haveSimpleNameEndingWith("Page")
                .or().areDeclaredInClassesThat().haveSimpleNameEndingWith("Resource")
                .should().beAnnotatedWith(Transactional.class)
                .check(MAIN);
    }

    @Test
    void everyFormPostOfAPageChecksTheFormToken() {
        methods().that().areDeclaredInClassesThat().haveSimpleNameEndingWith("Page").and()
                .areAnnotatedWith(POST.class)
                .should().beAnnotatedWith(FormPost.class)
                // an anonymous public form has no session to forge a post in; its abuse guard stands instead
                .orShould().beAnnotatedWith(io.modelhouse.common.PublicForm.class)
                .check(MAIN);
    }

    @Test
    void onlyTheStepJournalOpensTransactionsByHand() {
        noClasses().that().doNotHaveFullyQualifiedName(StepJournal.class.getName())
                .should().dependOnClassesThat().haveFullyQualifiedName("io.quarkus.narayana.jta.QuarkusTransaction")
                .check(MAIN);
    }
}
