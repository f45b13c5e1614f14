-- Running numbers the server hands out: permit registration numbers and permit letter
-- numbers, per year. Taken inside the push / action transaction (one writer), so a
-- number is never given twice and a rolled-back transaction gives it back.
create table nomor_urut (
    jenis     text not null,
    tahun     integer not null,
    terakhir  integer not null,
    primary key (jenis, tahun)
);
