# Arahan admin (hanya admin yang dapat melihatnya).

admin-help = <b>Arahan admin</b>
    /balance — baki pembekal, dompet pelanggan, jualan hari ini
    /refund &lt;pesanan&gt; [sebab] — bayar balik pesanan yang telah dihantar ke dompet pelanggan
    /credit &lt;pengguna&gt; &lt;jumlah&gt; [nota] — tambah ke dompet (id atau @username)
    /debit &lt;pengguna&gt; &lt;jumlah&gt; [nota] — tolak daripada dompet
    /order &lt;id&gt; — pesanan dan sejarahnya
    /user &lt;id|@username&gt; — pelanggan, dompet dan pesanannya
    /review — pesanan yang hasilnya tidak diketahui
    /stats [hari] — pesanan, hasil jualan dan margin mengikut pembekal dan mengikut hari
    /deposits — tambah nilai QRIS yang terbuka dan terkini
    /sync — selaraskan katalog sekarang
    /markup &lt;peratus&gt; [tetap] — tukar markup dan kira semula harga
    /product enable|disable &lt;pembekal&gt;:&lt;kod&gt; — tawarkan atau sembunyikan produk
    /group &lt;pembekal&gt;:&lt;kod&gt; ... — jadikan produk satu produk kedai
    /ungroup &lt;pembekal&gt;:&lt;kod&gt; — keluarkan satu produk daripada kumpulannya
    /routes &lt;carian&gt; — pembekal, kos dan kesihatan sesuatu produk; /routes pin|unpin
    Dompet anda sendiri: /start.

admin-button-confirm = ✅ Sahkan
admin-button-cancel = ✖️ Batal
admin-cancelled = Dibatalkan; tiada apa-apa dilakukan.
admin-already-executed = Ini telah pun dilaksanakan; ia tidak boleh dibatalkan sekarang.
admin-no-reason = (tiada sebab diberikan)

admin-usage-refund = Penggunaan: /refund &lt;id pesanan&gt; [sebab]
admin-usage-adjust = Penggunaan: /credit &lt;id pengguna atau @username&gt; &lt;jumlah&gt; [nota] (atau /debit)
admin-usage-order = Penggunaan: /order &lt;id pesanan&gt;
admin-usage-user = Penggunaan: /user &lt;id pengguna atau @username&gt;
admin-usage-stats = Penggunaan: /stats [hari, 1 hingga 90]
admin-usage-markup = Penggunaan: /markup &lt;peratus&gt; [jumlah tetap]. Sekarang: { $percent } % + { $fixed }.
admin-usage-product = Penggunaan: /product enable|disable &lt;pembekal&gt;:&lt;kod&gt;, contohnya /product disable iak:hmlbb5

admin-order-not-found = Tiada pesanan { $id }.
admin-user-not-found = Tiada sesiapa bernama { $who } pernah menghantar mesej kepada bot ini.
admin-amount-invalid = { $amount } bukan jumlah positif dalam { $currency }.

admin-refund-confirm = Bayar balik pesanan { $reference } ({ $product } untuk { $target }, { $price }) kepada pelanggan { $user }?
    Sebab: { $reason }
admin-refund-done = ✅ Pesanan { $reference } telah dibayar balik: { $price } telah dikembalikan ke dompet pelanggan { $user }. Pelanggan telah dimaklumkan.
admin-refund-already = Pesanan { $reference } telah pun dibayar balik; tiada wang dipindahkan.
admin-refund-failed-order = Pesanan { $reference } gagal: wang yang ditahan telah dilepaskan dan { $price } sudah kembali ke dompet. Tiada apa-apa untuk dibayar balik.
admin-refund-unknown = Pesanan { $reference } berstatus { $state }: hasilnya masih tidak diketahui, dan bayaran balik sekarang boleh menyebabkan bayaran dua kali. Selesaikannya dengan /review.

admin-credit-confirm = Kreditkan { $amount } kepada pelanggan { $user }?
    Nota: { $note }
admin-debit-confirm = Debitkan { $amount } daripada pelanggan { $user }?
    Nota: { $note }
admin-credit-done = ✅ { $amount } telah dikreditkan kepada pelanggan { $user }. Pelanggan kini boleh berbelanja { $balance }.
admin-debit-done = ✅ { $amount } telah didebitkan daripada pelanggan { $user }. Pelanggan kini boleh berbelanja { $balance }.
admin-adjust-already = Ini telah pun dilakukan; tiada wang dipindahkan lagi. Pelanggan { $user } boleh berbelanja { $balance }.
admin-debit-insufficient = Ditolak: pelanggan { $user } hanya boleh berbelanja { $balance }, kurang daripada { $amount }.

admin-balance-title = <b>Gambaran keseluruhan kedai</b>
admin-balance-provider = { $provider }: { $balance } · { $state }
admin-balance-provider-error = { $provider }: ⚠️ tidak tersedia ({ $error }) · { $state }
admin-balance-low = ⚠️ { $provider } di bawah { $threshold }: tambah nilai bakinya.
admin-balance-wallets = Dompet pelanggan: { $total } (ditahan untuk pesanan yang sedang diproses: { $held })
admin-balance-today = Hari ini ({ $zone }): { $count } dihantar, jualan { $sales }, margin { $margin }

admin-order = <b>Pesanan { $id }</b> ({ $reference }), { $state }
    Pelanggan { $user }, { $created }
    { $product } untuk { $target } melalui { $provider } (ruj. { $pref })
    Harga { $price }
admin-order-serial = Nombor siri / token: { $serial }
admin-order-failure = Kegagalan: { $reason }
admin-order-history = <b>Sejarah</b>
admin-order-event = { $time } { $from } → { $to } ({ $source })

admin-user = <b>Pelanggan { $user }</b> { $name }, sejak { $since }
    Boleh berbelanja { $available } (ditahan { $held }); { $orders } pesanan
admin-user-order = #{ $id } { $date } { $product } { $price } — { $state }

admin-review-empty = Tiada pesanan yang menunggu semakan.
admin-review-title = <b>Pesanan yang hasilnya tidak diketahui.</b> Tanya pembekal, kemudian buat keputusan: gagal bermaksud wang dipulangkan kepada pelanggan.
admin-review-paid-twice-title = <b>Dihantar selepas wang pelanggan dipulangkan</b> (kedai membayar dua kali; pelanggan tidak dicaj lagi):
admin-review-item = #{ $id } { $reference }, { $provider }: { $product } untuk { $target }, { $price }, pelanggan { $user }, sejak { $since }
admin-review-still-checking = (masih disemak dengan pembekal)
admin-review-more = …dan { $more } lagi: selesaikan yang ini dahulu, kemudian hantar /review sekali lagi.
admin-review-button-success = ✅ #{ $id } dihantar
admin-review-button-failed = ❌ #{ $id } gagal
admin-review-marked-success = ✅ Pesanan { $reference } ditandakan sebagai dihantar.
admin-review-marked-failed = ❌ Pesanan { $reference } ditandakan sebagai gagal: { $price } telah dikembalikan ke dompet pelanggan { $user }.
admin-review-already = Pesanan { $reference } sudah pun { $state }; tiada perubahan.

admin-stats-title = <b>{ $days } hari lepas</b> ({ $zone })
admin-stats-none = Tiada pesanan.
admin-stats-provider = { $provider }: { $orders } pesanan, { $delivered } dihantar ({ $rate }), hasil { $revenue }, margin { $margin }
admin-stats-days = <b>Mengikut hari</b>
admin-stats-day = { $day }: { $orders } pesanan, hasil { $revenue }, margin { $margin }
admin-stats-caption = Pesanan sehari, { $days } hari lepas

admin-sync-title = <b>Penyelarasan katalog</b>
admin-sync-ok = { $provider }: { $listed } disenaraikan, { $hidden } disembunyikan, { $unpriced } tanpa harga
admin-sync-error = { $provider }: ⚠️ gagal, katalog sebelumnya dikekalkan ({ $error })
admin-markup-done = Markup kini { $percent } % + { $fixed }. Harga telah diselaraskan semula:

admin-product-enabled = { $product } ({ $name }) ditawarkan semula.
admin-product-disabled = { $product } ({ $name }) disembunyikan daripada pelanggan.
admin-product-not-found = Tiada produk { $product }.

cmd-start = Baki anda dan menu utama
cmd-orders = Pesanan anda
cmd-balance = Baki dompet anda
cmd-language = Tukar bahasa
cmd-help = Apa yang boleh dilakukan oleh bot ini
cmd-cancel = Hentikan apa yang sedang anda lakukan
cmd-topup = Tambah nilai dompet
cmd-topups = Sejarah tambah nilai dompet
cmd-admin = Admin: senarai arahan admin
cmd-admin-balance = Admin: gambaran keseluruhan kedai
cmd-refund = Admin: bayar balik pesanan
cmd-credit = Admin: kreditkan dompet
cmd-debit = Admin: debitkan dompet
cmd-order = Admin: semak pesanan
cmd-user = Admin: semak pelanggan
cmd-review = Admin: pesanan yang hasilnya tidak diketahui
cmd-stats = Admin: statistik jualan
cmd-sync = Admin: selaraskan katalog
cmd-markup = Admin: tukar markup
cmd-product = Admin: tawarkan atau sembunyikan produk

order-refunded-by-shop = ↩️ Pesanan { $reference }: kedai telah membayar balik { $product }. { $price } telah dikembalikan ke dompet anda.

admin-usage-group = Penggunaan: /group &lt;pembekal&gt;:&lt;kod&gt; &lt;pembekal&gt;:&lt;kod&gt; ... (sekurang-kurangnya dua; nama yang pertama dipaparkan)
admin-group-done = { $count } produk kini satu produk kedai: { $name }.
admin-usage-ungroup = Penggunaan: /ungroup &lt;pembekal&gt;:&lt;kod&gt;
admin-ungroup-done = { $product } ({ $name }) kini produk kedai tersendiri.
admin-usage-routes = Penggunaan: /routes &lt;carian&gt;, /routes pin &lt;pembekal&gt;:&lt;kod&gt; &lt;pembekal&gt;, /routes unpin &lt;pembekal&gt;:&lt;kod&gt;
admin-routes-none = Tiada produk yang sepadan dengan { $search }.
admin-routes-group = <b>{ $name }</b> <code>{ $key }</code>
admin-routes-member = { $rank } { $provider }:{ $code } — kos { $cost }, harga { $price }, { $state }, { $health }, berjaya { $success }{ $pinned }
admin-routes-offered = ditawarkan
admin-routes-hidden = tidak ditawarkan
admin-routes-unfunded = baki pembekal tidak cukup
admin-routes-healthy = sihat
admin-routes-open = dilangkau sehingga { $until }
admin-routes-pinned = , diutamakan
admin-routes-pin-done = { $provider } kini diutamakan untuk kumpulan { $product }.
admin-routes-unpin-done = Kini tiada pembekal diutamakan untuk kumpulan { $product }.
admin-order-attempts = <b>Percubaan</b>
admin-order-attempt = #{ $attempt } { $provider } <code>{ $reference }</code>: { $outcome } ({ $detail })
admin-balance-circuit-open = ⚠️ { $provider } bermasalah: dilangkau untuk pesanan baharu sehingga { $until }.
cmd-group = Admin: jadikan produk satu produk kedai
cmd-ungroup = Admin: keluarkan produk daripada kumpulannya
cmd-routes = Admin: pembekal dan laluan sesuatu produk
admin-deposits-disabled = Deposit dimatikan: Flowix tidak dikonfigurasikan dalam mata wang kedai.
admin-deposits-open-title = <b>Deposit terbuka</b> ({ $count })
admin-deposits-latest-title = <b>Deposit terkini yang selesai</b>
admin-deposits-none = Tiada.
admin-deposit-item = #{ $id } { $date }, pelanggan { $user }: { $amount } — { $state }, diterima { $received } ({ $provider } { $pref }, { $reference })
admin-balance-deposits = Deposit dibuka hari ini: { $opened }, { $paid } dibayar, { $received } dikreditkan; { $open } terbuka sekarang
admin-stats-deposits = <b>Deposit sehari</b>
admin-stats-deposits-day = { $day }: { $opened } dibuka, { $paid } dibayar, { $received } dikreditkan
admin-user-deposits = <b>Tambah nilai</b>
cmd-deposits = Admin: deposit terbuka dan terkini
