# Perintah admin (hanya admin yang pernah melihatnya).

admin-help = <b>Perintah admin</b>
    /balance — saldo penyedia, dompet pelanggan, penjualan hari ini
    /refund &lt;pesanan&gt; [alasan] — kembalikan dana pesanan yang terkirim ke dompet pelanggan
    /credit &lt;pengguna&gt; &lt;jumlah&gt; [catatan] — tambah saldo dompet (id atau @username)
    /debit &lt;pengguna&gt; &lt;jumlah&gt; [catatan] — kurangi saldo dompet
    /order &lt;id&gt; — pesanan dan riwayatnya
    /user &lt;id|@username&gt; — pelanggan, dompet dan pesanannya
    /review — pesanan yang hasilnya belum diketahui
    /stats [hari] — pesanan, pendapatan dan margin per penyedia dan per hari
    /deposits — isi saldo QRIS yang terbuka dan terbaru
    /sync — sinkronkan katalog sekarang
    /markup &lt;persen&gt; [tetap] — ubah markup dan hitung ulang harga
    /product enable|disable &lt;penyedia&gt;:&lt;kode&gt; — tawarkan atau sembunyikan produk
    /group &lt;provider&gt;:&lt;kode&gt; ... — jadikan produk satu produk toko
    /ungroup &lt;provider&gt;:&lt;kode&gt; — keluarkan satu produk dari grupnya
    /routes &lt;cari&gt; — provider, biaya dan kesehatan suatu produk; /routes pin|unpin
    Dompet Anda sendiri: /start.

admin-button-confirm = ✅ Konfirmasi
admin-button-cancel = ✖️ Batal
admin-cancelled = Dibatalkan; tidak ada yang dilakukan.
admin-already-executed = Ini sudah dijalankan; tidak bisa dibatalkan lagi.
admin-no-reason = (tanpa alasan)

admin-usage-refund = Cara pakai: /refund &lt;id pesanan&gt; [alasan]
admin-usage-adjust = Cara pakai: /credit &lt;id pengguna atau @username&gt; &lt;jumlah&gt; [catatan] (atau /debit)
admin-usage-order = Cara pakai: /order &lt;id pesanan&gt;
admin-usage-user = Cara pakai: /user &lt;id pengguna atau @username&gt;
admin-usage-stats = Cara pakai: /stats [hari, 1 sampai 90]
admin-usage-markup = Cara pakai: /markup &lt;persen&gt; [jumlah tetap]. Sekarang: { $percent } % + { $fixed }.
admin-usage-product = Cara pakai: /product enable|disable &lt;penyedia&gt;:&lt;kode&gt;, mis. /product disable iak:hmlbb5

admin-order-not-found = Tidak ada pesanan { $id }.
admin-user-not-found = Tidak ada yang bernama { $who } yang pernah menulis ke bot.
admin-amount-invalid = { $amount } bukan jumlah positif dalam { $currency }.

admin-refund-confirm = Kembalikan dana pesanan { $reference } ({ $product } untuk { $target }, { $price }) ke pelanggan { $user }?
    Alasan: { $reason }
admin-refund-done = ✅ Dana pesanan { $reference } dikembalikan: { $price } sudah kembali ke dompet pelanggan { $user }. Pelanggan sudah diberi tahu.
admin-refund-already = Dana pesanan { $reference } sudah dikembalikan sebelumnya; tidak ada dana yang berpindah.
admin-refund-failed-order = Pesanan { $reference } gagal: dananya sudah dilepas dan { $price } sudah kembali ke dompet. Tidak ada yang perlu dikembalikan.
admin-refund-unknown = Pesanan { $reference } berstatus { $state }: hasilnya belum diketahui, dan pengembalian sekarang bisa membayar dua kali. Selesaikan lewat /review.

admin-credit-confirm = Tambahkan { $amount } ke pelanggan { $user }?
    Catatan: { $note }
admin-debit-confirm = Kurangi { $amount } dari pelanggan { $user }?
    Catatan: { $note }
admin-credit-done = ✅ { $amount } ditambahkan ke pelanggan { $user }. Saldo yang bisa dipakai sekarang { $balance }.
admin-debit-done = ✅ { $amount } dikurangi dari pelanggan { $user }. Saldo yang bisa dipakai sekarang { $balance }.
admin-adjust-already = Ini sudah dilakukan; tidak ada dana yang berpindah lagi. Pelanggan { $user } bisa memakai { $balance }.
admin-debit-insufficient = Ditolak: pelanggan { $user } hanya bisa memakai { $balance }, kurang dari { $amount }.

admin-balance-title = <b>Ringkasan toko</b>
admin-balance-provider = { $provider }: { $balance } · { $state }
admin-balance-provider-error = { $provider }: ⚠️ tidak tersedia ({ $error }) · { $state }
admin-balance-low = ⚠️ { $provider } di bawah { $threshold }: segera isi ulang.
admin-balance-wallets = Dompet pelanggan: { $total } (ditahan untuk pesanan berjalan: { $held })
admin-balance-today = Hari ini ({ $zone }): { $count } terkirim, penjualan { $sales }, margin { $margin }

admin-order = <b>Pesanan { $id }</b> ({ $reference }), { $state }
    Pelanggan { $user }, { $created }
    { $product } untuk { $target } lewat { $provider } (ref { $pref })
    Harga { $price }
admin-order-serial = Nomor seri / token: { $serial }
admin-order-failure = Kegagalan: { $reason }
admin-order-history = <b>Riwayat</b>
admin-order-event = { $time } { $from } → { $to } ({ $source })

admin-user = <b>Pelanggan { $user }</b> { $name }, sejak { $since }
    Bisa memakai { $available } (ditahan { $held }); { $orders } pesanan
admin-user-order = #{ $id } { $date } { $product } { $price } — { $state }

admin-review-empty = Tidak ada pesanan yang menunggu peninjauan.
admin-review-title = <b>Pesanan yang hasilnya belum diketahui.</b> Tanyakan ke penyedia, lalu putuskan: gagal mengembalikan dana pelanggan.
admin-review-paid-twice-title = <b>Terkirim setelah uang pelanggan dikembalikan</b> (toko membayar dua kali; pelanggan tidak ditagih lagi):
admin-review-item = #{ $id } { $reference }, { $provider }: { $product } untuk { $target }, { $price }, pelanggan { $user }, sejak { $since }
admin-review-still-checking = (masih dicek ke penyedia)
admin-review-more = …dan { $more } lainnya: selesaikan yang ini dulu, lalu kirim /review lagi.
admin-review-button-success = ✅ #{ $id } terkirim
admin-review-button-failed = ❌ #{ $id } gagal
admin-review-marked-success = ✅ Pesanan { $reference } ditandai terkirim.
admin-review-marked-failed = ❌ Pesanan { $reference } ditandai gagal: { $price } sudah kembali ke dompet pelanggan { $user }.
admin-review-already = Pesanan { $reference } sudah berstatus { $state }; tidak ada yang berubah.

admin-stats-title = <b>{ $days } hari terakhir</b> ({ $zone })
admin-stats-none = Tidak ada pesanan.
admin-stats-provider = { $provider }: { $orders } pesanan, { $delivered } terkirim ({ $rate }), pendapatan { $revenue }, margin { $margin }
admin-stats-days = <b>Per hari</b>
admin-stats-day = { $day }: { $orders } pesanan, pendapatan { $revenue }, margin { $margin }
admin-stats-caption = Pesanan per hari, { $days } hari terakhir

admin-sync-title = <b>Sinkronisasi katalog</b>
admin-sync-ok = { $provider }: { $listed } terdaftar, { $hidden } disembunyikan, { $unpriced } tanpa harga
admin-sync-error = { $provider }: ⚠️ gagal, katalog sebelumnya dipertahankan ({ $error })
admin-markup-done = Markup sekarang { $percent } % + { $fixed }. Harga disinkronkan ulang:

admin-product-enabled = { $product } ({ $name }) ditawarkan lagi.
admin-product-disabled = { $product } ({ $name }) disembunyikan dari pelanggan.
admin-product-not-found = Tidak ada produk { $product }.

cmd-start = Saldo Anda dan menu utama
cmd-orders = Pesanan Anda
cmd-balance = Saldo dompet Anda
cmd-language = Ganti bahasa
cmd-help = Apa yang bisa dilakukan bot
cmd-cancel = Tinggalkan langkah saat ini
cmd-topup = Isi saldo dompet
cmd-topups = Riwayat isi saldo dompet
cmd-admin = Admin: daftar perintah admin
cmd-admin-balance = Admin: ringkasan toko
cmd-refund = Admin: kembalikan dana pesanan
cmd-credit = Admin: tambah saldo dompet
cmd-debit = Admin: kurangi saldo dompet
cmd-order = Admin: cari pesanan
cmd-user = Admin: cari pelanggan
cmd-review = Admin: pesanan dengan hasil belum diketahui
cmd-stats = Admin: statistik penjualan
cmd-sync = Admin: sinkronkan katalog
cmd-markup = Admin: ubah markup
cmd-product = Admin: tawarkan atau sembunyikan produk

order-refunded-by-shop = ↩️ Pesanan { $reference }: toko mengembalikan dana { $product }. { $price } sudah kembali ke dompet Anda.

admin-usage-group = Cara pakai: /group &lt;provider&gt;:&lt;kode&gt; &lt;provider&gt;:&lt;kode&gt; ... (minimal dua; nama yang pertama yang ditampilkan)
admin-group-done = { $count } produk kini menjadi satu produk toko: { $name }.
admin-usage-ungroup = Cara pakai: /ungroup &lt;provider&gt;:&lt;kode&gt;
admin-ungroup-done = { $product } ({ $name }) kini menjadi produk toko tersendiri.
admin-usage-routes = Cara pakai: /routes &lt;cari&gt;, /routes pin &lt;provider&gt;:&lt;kode&gt; &lt;provider&gt;, /routes unpin &lt;provider&gt;:&lt;kode&gt;
admin-routes-none = Tidak ada produk yang cocok dengan { $search }.
admin-routes-group = <b>{ $name }</b> <code>{ $key }</code>
admin-routes-member = { $rank } { $provider }:{ $code } — biaya { $cost }, harga { $price }, { $state }, { $health }, berhasil { $success }{ $pinned }
admin-routes-offered = ditawarkan
admin-routes-hidden = tidak ditawarkan
admin-routes-unfunded = saldo provider kurang
admin-routes-healthy = sehat
admin-routes-open = dilewati sampai { $until }
admin-routes-pinned = , diutamakan
admin-routes-pin-done = { $provider } kini diutamakan untuk grup { $product }.
admin-routes-unpin-done = Kini tidak ada provider yang diutamakan untuk grup { $product }.
admin-order-attempts = <b>Percobaan</b>
admin-order-attempt = #{ $attempt } { $provider } <code>{ $reference }</code>: { $outcome } ({ $detail })
admin-balance-circuit-open = ⚠️ { $provider } bermasalah: dilewati untuk pesanan baru sampai { $until }.
cmd-group = Admin: jadikan produk satu produk toko
cmd-ungroup = Admin: keluarkan produk dari grupnya
cmd-routes = Admin: provider dan rute suatu produk
admin-deposits-disabled = Deposit nonaktif: Flowix tidak dikonfigurasi dalam mata uang toko.
admin-deposits-open-title = <b>Deposit terbuka</b> ({ $count })
admin-deposits-latest-title = <b>Deposit terakhir yang selesai</b>
admin-deposits-none = Tidak ada.
admin-deposit-item = #{ $id } { $date }, pelanggan { $user }: { $amount } — { $state }, diterima { $received } ({ $provider } { $pref }, { $reference })
admin-balance-deposits = Deposit dibuka hari ini: { $opened }, { $paid } dibayar, { $received } dikreditkan; { $open } terbuka sekarang
admin-stats-deposits = <b>Deposit per hari</b>
admin-stats-deposits-day = { $day }: { $opened } dibuka, { $paid } dibayar, { $received } dikreditkan
admin-user-deposits = <b>Isi saldo</b>
cmd-deposits = Admin: deposit terbuka dan terbaru
