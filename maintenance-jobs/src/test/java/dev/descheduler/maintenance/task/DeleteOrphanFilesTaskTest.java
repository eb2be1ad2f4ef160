package dev.descheduler.maintenance.task;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeleteOrphanFilesTaskTest {

    @Test
    void aTableOutsideTheWarehouseSchemeIsRefused() {
        assertThatCode(() -> DeleteOrphanFilesTask.requireWarehouseScheme(
                        "t", "s3://warehouse/lakehouse/bronze/t", "s3://warehouse/lakehouse"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> DeleteOrphanFilesTask.requireWarehouseScheme(
                        "t", "s3a://warehouse/lakehouse/bronze/t", "s3://warehouse/lakehouse"))
                .hasMessageContaining("not in the s3:// scheme of the warehouse");
    }

    @Test
    void aCheckpointInsideATableLocationIsRefusedInAnyScheme() {
        assertThatCode(() -> DeleteOrphanFilesTask.requireCheckpointsOutside(
                        "t", "s3://warehouse/lakehouse/bronze/t", List.of("s3a://warehouse/checkpoints")))
                .doesNotThrowAnyException();
        assertThatCode(() -> DeleteOrphanFilesTask.requireCheckpointsOutside(
                        "t", "s3://warehouse/lakehouse/bronze/t", List.of("s3a://warehouse/lakehouse/bronze/t2")))
                .as("a sibling prefix is not inside")
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> DeleteOrphanFilesTask.requireCheckpointsOutside(
                        "t", "s3://warehouse/lakehouse/bronze/t", List.of("s3a://warehouse/lakehouse/bronze/t/_cp")))
                .hasMessageContaining("overlaps the location");
        assertThatThrownBy(() -> DeleteOrphanFilesTask.requireCheckpointsOutside(
                        "t", "s3://warehouse/lakehouse/bronze/t", List.of("s3a://warehouse/lakehouse")))
                .hasMessageContaining("overlaps the location");
    }

    @Test
    void tasksAreFoundByTheirIcebergActionNames() {
        org.assertj.core.api.Assertions.assertThat(MaintenanceTasks.names())
                .containsExactly(
                        "rewrite_data_files",
                        "rewrite_position_delete_files",
                        "expire_snapshots",
                        "delete_orphan_files",
                        "rewrite_manifests");
        assertThatThrownBy(() -> MaintenanceTasks.named("vacuum"))
                .hasMessage("unknown task 'vacuum'; tasks are rewrite_data_files, rewrite_position_delete_files,"
                        + " expire_snapshots, delete_orphan_files, rewrite_manifests");
    }
}
