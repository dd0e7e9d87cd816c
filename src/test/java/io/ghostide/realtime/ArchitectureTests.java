package io.ghostide.realtime;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Keeps the package picture of the style guide true as the code grows. */
class ArchitectureTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.ghostide.realtime");

    @Test
    void featuresHaveNoCycles() {
        slices().matching("io.ghostide.realtime.(*)..").should().beFreeOfCycles().check(this.classes);
    }

    @Test
    void theRolesOfMessagingHaveNoCycles() {
        slices().matching("io.ghostide.realtime.messaging.(*)..").should().beFreeOfCycles().check(this.classes);
    }

    @Test
    void theWireModelKnowsNothingOfTheRolesBuiltOnIt() {
        noClasses().that().resideInAPackage("io.ghostide.realtime.messaging")
                .should().dependOnClassesThat().resideInAPackage("io.ghostide.realtime.messaging.*..")
                .check(this.classes);
    }

    @Test
    void theConnectionLayerKnowsNothingOfMessages() {
        noClasses().that().resideInAPackage("..connection..")
                .should().dependOnClassesThat().resideInAPackage("..messaging..")
                .check(this.classes);
    }

    @Test
    void onlyTheMessagingFeatureTalksToTheBrokerDirectly() {
        noClasses().that().resideOutsideOfPackages("..messaging..")
                .should().dependOnClassesThat().haveFullyQualifiedName(
                        "org.springframework.messaging.simp.SimpMessageSendingOperations")
                .check(this.classes);
    }

    @Test
    void systemIsALeaf() {
        noClasses().that().resideInAPackage("..system..")
                .should().dependOnClassesThat().resideInAnyPackage("..messaging..", "..connection..", "..execution..",
                        "..ghost..", "..workspace..", "..hooks..")
                .check(this.classes);
    }
}
