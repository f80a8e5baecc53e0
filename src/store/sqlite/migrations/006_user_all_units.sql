-- 006_user_all_units: users whose scope is the whole organisation
-- (docs/workflow.md, "Users and roles"). A staff-system export is often a
-- forest: every OPD and kecamatan is a root and BKPP is one OPD among
-- them, so no unit lies above all the others. A bkpp or bawaslu user
-- added with `netra user add ... --all-units` sits at its unit (where its
-- mail goes) but sees and acts on every unit; routing sends confirmed
-- findings, and overdue ones from the top of a tree, to that unit.
ALTER TABLE users ADD COLUMN all_units INTEGER NOT NULL DEFAULT 0;
