package io.ghostide.realtime.ghost;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.ghostide.realtime.execution.RunDirectoryContributor;
import io.ghostide.realtime.workspace.DocumentStorage;
import io.ghostide.realtime.workspace.DocumentVersions;
import io.ghostide.realtime.workspace.SessionDocuments;
import io.ghostide.realtime.workspace.SessionFileCatalog;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Ghost and session files talk only through hook events and narrow interfaces, never to each other's insides;
 * shared editing and the session snapshot, built on session files, use only their seams.
 */
class FeatureBoundaryTests {

    private static final JavaClasses CLASSES = importProjectClasses();

    // the rules look at the project's own classes only; resolving every library class they touch takes seconds
    private static JavaClasses importProjectClasses() {
        ArchConfiguration configuration = ArchConfiguration.get();
        boolean resolve = configuration.resolveMissingDependenciesFromClassPath();
        configuration.setResolveMissingDependenciesFromClassPath(false);
        try {
            return new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                    .importPackages("io.ghostide.realtime");
        }
        finally {
            configuration.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }

    @Test
    void ghostDoesNotReachIntoOtherFeatures() {
        noClasses().that().resideInAPackage("..ghost..")
                .should().dependOnClassesThat().resideInAnyPackage("..workspace..", "..execution..", "..connection..",
                        "..messaging.raw..")
                .check(CLASSES);
    }

    @Test
    void workspaceUsesOnlyTheRunDirectorySeamOfExecution() {
        noClasses().that().resideInAPackage("..workspace..")
                .should().dependOnClassesThat().resideInAnyPackage("..ghost..", "..connection..", "..messaging.raw..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("..workspace..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("..execution..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(RunDirectoryContributor.class))))
                .check(CLASSES);
    }

    @Test
    void nothingOutsideReachesIntoGhostOrWorkspace() {
        noClasses().that().resideOutsideOfPackages("..ghost..", "..workspace..", "..editing..", "..snapshot..")
                .should().dependOnClassesThat().resideInAnyPackage("..ghost..", "..workspace..")
                .check(CLASSES);
    }

    @Test
    void featuresBuiltOnSessionFilesUseOnlyTheirSeams() {
        noClasses().that().resideInAnyPackage("..editing..", "..snapshot..")
                .should().dependOnClassesThat().resideInAPackage("..ghost..")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage("..editing..", "..snapshot..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("..workspace..")
                        .and(DescribedPredicate.not(seamOfSessionFiles())))
                .check(CLASSES);
    }

    // the narrow interfaces workspace offers the features built on session files, with their nested types
    private static DescribedPredicate<JavaClass> seamOfSessionFiles() {
        return DescribedPredicate.describe("a seam of session files", (JavaClass type) -> {
            String name = type.getName();
            return SEAMS.stream().anyMatch(seam -> name.equals(seam.getName()) || name.startsWith(seam.getName() + "$"));
        });
    }

    private static final java.util.List<Class<?>> SEAMS = java.util.List.of(DocumentStorage.class,
            DocumentVersions.class, SessionDocuments.class, SessionFileCatalog.class);
}
