order-processing = ⏳ Pesanan { $reference }: { $product } untuk { $target } sedang diproses.
order-success = ✅ Pesanan { $reference }: { $product } untuk { $target } telah berjaya.
order-serial = Nombor siri / token: { $serial }
order-failed = ❌ Pesanan { $reference }: { $product } untuk { $target } gagal. { $price } telah dikembalikan ke dompet anda.
order-refunded = ↩️ Pesanan { $reference }: pembekal telah membatalkan { $product } untuk { $target }. { $price } telah dikembalikan ke dompet anda.
alert-refunded = ⚠️ Admin: pesanan { $reference } ({ $provider }) dibatalkan oleh pembekal selepas berjaya; pelanggan telah menerima semula { $price }.
alert-review = ⚠️ Admin: status pesanan { $reference } ({ $provider }) masih tidak diketahui selepas tarikh akhir dan perlu disemak.
alert-success-after-refund = ⚠️ Admin: pembekal melaporkan pesanan { $reference } ({ $provider }) telah dihantar, tetapi ia sudah pun dibayar balik ({ $price }).
