# অ্যাডমিন কমান্ড (শুধু অ্যাডমিনরাই এগুলো দেখতে পান)।

admin-help = <b>অ্যাডমিন কমান্ড</b>
    /balance — প্রোভাইডারদের ব্যালেন্স, গ্রাহকদের ওয়ালেট, আজকের বিক্রি
    /refund &lt;অর্ডার&gt; [কারণ] — ডেলিভার হওয়া অর্ডারের টাকা গ্রাহকের ওয়ালেটে ফেরত দিন
    /credit &lt;ব্যবহারকারী&gt; &lt;পরিমাণ&gt; [নোট] — ওয়ালেটে যোগ করুন (আইডি বা @username)
    /debit &lt;ব্যবহারকারী&gt; &lt;পরিমাণ&gt; [নোট] — ওয়ালেট থেকে কাটুন
    /order &lt;id&gt; — একটি অর্ডার ও তার ইতিহাস
    /user &lt;id|@username&gt; — একজন গ্রাহক, তার ওয়ালেট ও অর্ডার
    /review — যেসব অর্ডারের ফলাফল অজানা
    /stats [দিন] — প্রোভাইডার ও দিন অনুযায়ী অর্ডার, আয় ও মার্জিন
    /deposits — খোলা ও সাম্প্রতিক QRIS টপ-আপ
    /sync — এখনই ক্যাটালগ সিঙ্ক করুন
    /markup &lt;শতাংশ&gt; [নির্দিষ্ট] — মার্কআপ বদলান ও নতুন করে দাম হিসাব করুন
    /product enable|disable &lt;প্রোভাইডার&gt;:&lt;কোড&gt; — একটি পণ্য চালু করুন বা লুকান
    /group &lt;provider&gt;:&lt;code&gt; ... — কয়েকটি পণ্যকে একটি দোকান-পণ্য করুন
    /ungroup &lt;provider&gt;:&lt;code&gt; — একটি পণ্যকে তার গ্রুপ থেকে বের করুন
    /routes &lt;খোঁজ&gt; — একটি পণ্যের প্রোভাইডার, খরচ ও অবস্থা; /routes pin|unpin
    আপনার নিজের ওয়ালেট: /start

admin-button-confirm = ✅ নিশ্চিত করুন
admin-button-cancel = ✖️ বাতিল
admin-cancelled = বাতিল করা হয়েছে; কিছুই করা হয়নি।
admin-already-executed = এটি আগেই সম্পন্ন হয়েছে; এখন আর বাতিল করা যাবে না।
admin-no-reason = (কোনো কারণ দেওয়া হয়নি)

admin-usage-refund = ব্যবহার: /refund &lt;অর্ডার আইডি&gt; [কারণ]
admin-usage-adjust = ব্যবহার: /credit &lt;ব্যবহারকারীর আইডি বা @username&gt; &lt;পরিমাণ&gt; [নোট] (অথবা /debit)
admin-usage-order = ব্যবহার: /order &lt;অর্ডার আইডি&gt;
admin-usage-user = ব্যবহার: /user &lt;ব্যবহারকারীর আইডি বা @username&gt;
admin-usage-stats = ব্যবহার: /stats [দিন, 1 থেকে 90]
admin-usage-markup = ব্যবহার: /markup &lt;শতাংশ&gt; [নির্দিষ্ট পরিমাণ]। বর্তমানে: { $percent } % + { $fixed }।
admin-usage-product = ব্যবহার: /product enable|disable &lt;প্রোভাইডার&gt;:&lt;কোড&gt;, যেমন /product disable iak:hmlbb5

admin-order-not-found = { $id } নম্বরের কোনো অর্ডার নেই।
admin-user-not-found = { $who } নামে কেউ বটকে কোনো বার্তা পাঠায়নি।
admin-amount-invalid = { $amount } কোনো ধনাত্মক পরিমাণ নয় ({ $currency })।

admin-refund-confirm = অর্ডার { $reference } ({ $target }-এর জন্য { $product }, { $price }) গ্রাহক { $user }-কে রিফান্ড করবেন?
    কারণ: { $reason }
admin-refund-done = ✅ অর্ডার { $reference } রিফান্ড করা হয়েছে: { $price } গ্রাহক { $user }-এর ওয়ালেটে ফেরত গেছে। গ্রাহককে জানানো হয়েছে।
admin-refund-already = অর্ডার { $reference } আগেই রিফান্ড করা হয়েছে; কোনো টাকা সরানো হয়নি।
admin-refund-failed-order = অর্ডার { $reference } ব্যর্থ হয়েছে: এর হোল্ড বাতিল করা হয়েছে এবং { $price } আগেই ওয়ালেটে ফেরত গেছে। রিফান্ড করার কিছু নেই।
admin-refund-unknown = অর্ডার { $reference } এখন { $state } অবস্থায়: এর ফলাফল এখনো অজানা, তাই এখন রিফান্ড করলে দুবার টাকা দেওয়া হয়ে যেতে পারে। /review দিয়ে এটি নিষ্পত্তি করুন।

admin-credit-confirm = গ্রাহক { $user }-এর ওয়ালেটে { $amount } জমা করবেন?
    নোট: { $note }
admin-debit-confirm = গ্রাহক { $user }-এর ওয়ালেট থেকে { $amount } কাটবেন?
    নোট: { $note }
admin-credit-done = ✅ গ্রাহক { $user }-এর ওয়ালেটে { $amount } জমা করা হয়েছে। তিনি এখন { $balance } খরচ করতে পারবেন।
admin-debit-done = ✅ গ্রাহক { $user }-এর ওয়ালেট থেকে { $amount } কাটা হয়েছে। তিনি এখন { $balance } খরচ করতে পারবেন।
admin-adjust-already = এটি আগেই করা হয়েছে; আবার কোনো টাকা সরানো হয়নি। গ্রাহক { $user } { $balance } খরচ করতে পারবেন।
admin-debit-insufficient = প্রত্যাখ্যাত: গ্রাহক { $user } শুধু { $balance } খরচ করতে পারবেন, যা { $amount }-এর চেয়ে কম।

admin-balance-title = <b>শপের সারসংক্ষেপ</b>
admin-balance-provider = { $provider }: { $balance } · { $state }
admin-balance-provider-error = { $provider }: ⚠️ পাওয়া যাচ্ছে না ({ $error }) · { $state }
admin-balance-low = ⚠️ { $provider } { $threshold }-এর নিচে নেমেছে: টপ-আপ করুন।
admin-balance-wallets = গ্রাহকদের ওয়ালেট: { $total } (চলমান অর্ডারের জন্য আটকে রাখা: { $held })
admin-balance-today = আজ ({ $zone }): { $count }টি ডেলিভার হয়েছে, বিক্রি { $sales }, মার্জিন { $margin }

admin-order = <b>অর্ডার { $id }</b> ({ $reference }), { $state }
    গ্রাহক { $user }, { $created }
    { $target }-এর জন্য { $product }, { $provider }-এর মাধ্যমে (রেফ { $pref })
    দাম { $price }
admin-order-serial = সিরিয়াল / টোকেন: { $serial }
admin-order-failure = ব্যর্থতার কারণ: { $reason }
admin-order-history = <b>ইতিহাস</b>
admin-order-event = { $time } { $from } → { $to } ({ $source })

admin-user = <b>গ্রাহক { $user }</b> { $name }, { $since } থেকে
    খরচ করতে পারবেন { $available } (আটকে আছে { $held }); { $orders }টি অর্ডার
admin-user-order = #{ $id } { $date } { $product } { $price } — { $state }

admin-review-empty = পর্যালোচনার অপেক্ষায় কোনো অর্ডার নেই।
admin-review-title = <b>যেসব অর্ডারের ফলাফল অজানা।</b> প্রোভাইডারকে জিজ্ঞেস করুন, তারপর সিদ্ধান্ত নিন: ব্যর্থ চিহ্নিত করলে গ্রাহক তার টাকা ফেরত পাবেন।
admin-review-paid-twice-title = <b>গ্রাহক টাকা ফেরত পাওয়ার পরে ডেলিভারি হয়েছে</b> (দোকান দুবার পরিশোধ করেছে; গ্রাহকের কাছ থেকে আবার টাকা কাটা হয়নি):
admin-review-item = #{ $id } { $reference }, { $provider }: { $target }-এর জন্য { $product }, { $price }, গ্রাহক { $user }, { $since } থেকে
admin-review-still-checking = (প্রোভাইডারের কাছে এখনো যাচাই চলছে)
admin-review-more = …এবং আরও { $more }টি: আগে এগুলো নিষ্পত্তি করুন, তারপর আবার /review পাঠান।
admin-review-button-success = ✅ #{ $id } ডেলিভার হয়েছে
admin-review-button-failed = ❌ #{ $id } ব্যর্থ
admin-review-marked-success = ✅ অর্ডার { $reference } ডেলিভার হয়েছে বলে চিহ্নিত করা হয়েছে।
admin-review-marked-failed = ❌ অর্ডার { $reference } ব্যর্থ বলে চিহ্নিত করা হয়েছে: { $price } গ্রাহক { $user }-এর ওয়ালেটে ফেরত গেছে।
admin-review-already = অর্ডার { $reference } আগেই { $state } অবস্থায় আছে; কিছুই বদলানো হয়নি।

admin-stats-title = <b>গত { $days } দিন</b> ({ $zone })
admin-stats-none = কোনো অর্ডার নেই।
admin-stats-provider = { $provider }: { $orders }টি অর্ডার, { $delivered }টি ডেলিভার হয়েছে ({ $rate }), আয় { $revenue }, মার্জিন { $margin }
admin-stats-days = <b>দিন অনুযায়ী</b>
admin-stats-day = { $day }: { $orders }টি অর্ডার, আয় { $revenue }, মার্জিন { $margin }
admin-stats-caption = দিনপ্রতি অর্ডার, গত { $days } দিন

admin-sync-title = <b>ক্যাটালগ সিঙ্ক</b>
admin-sync-ok = { $provider }: { $listed }টি তালিকাভুক্ত, { $hidden }টি লুকানো, { $unpriced }টির দাম নেই
admin-sync-error = { $provider }: ⚠️ ব্যর্থ, আগের ক্যাটালগ রাখা হয়েছে ({ $error })
admin-markup-done = মার্কআপ এখন { $percent } % + { $fixed }। দাম আবার সিঙ্ক করা হয়েছে:

admin-product-enabled = { $product } ({ $name }) আবার বিক্রির জন্য দেখানো হচ্ছে।
admin-product-disabled = { $product } ({ $name }) গ্রাহকদের কাছ থেকে লুকানো হয়েছে।
admin-product-not-found = { $product } নামে কোনো পণ্য নেই।

cmd-start = আপনার ব্যালেন্স ও প্রধান মেনু
cmd-orders = আপনার অর্ডারগুলো
cmd-balance = আপনার ওয়ালেট ব্যালেন্স
cmd-language = ভাষা পরিবর্তন করুন
cmd-help = বটটি কী কী করতে পারে
cmd-cancel = চলমান কাজ বাতিল করুন
cmd-topup = ওয়ালেটে টাকা যোগ করুন
cmd-topups = আপনার ওয়ালেট টপ-আপগুলো
cmd-admin = অ্যাডমিন: অ্যাডমিন কমান্ডের তালিকা
cmd-admin-balance = অ্যাডমিন: শপের সারসংক্ষেপ
cmd-refund = অ্যাডমিন: একটি অর্ডার রিফান্ড করুন
cmd-credit = অ্যাডমিন: ওয়ালেটে টাকা জমা করুন
cmd-debit = অ্যাডমিন: ওয়ালেট থেকে টাকা কাটুন
cmd-order = অ্যাডমিন: একটি অর্ডার দেখুন
cmd-user = অ্যাডমিন: একজন গ্রাহক দেখুন
cmd-review = অ্যাডমিন: ফলাফল অজানা এমন অর্ডার
cmd-stats = অ্যাডমিন: বিক্রির পরিসংখ্যান
cmd-sync = অ্যাডমিন: ক্যাটালগ সিঙ্ক করুন
cmd-markup = অ্যাডমিন: মার্কআপ বদলান
cmd-product = অ্যাডমিন: একটি পণ্য চালু করুন বা লুকান

order-refunded-by-shop = ↩️ অর্ডার { $reference }: শপ { $product } রিফান্ড করেছে। { $price } আপনার ওয়ালেটে ফেরত দেওয়া হয়েছে।

admin-usage-group = ব্যবহার: /group &lt;provider&gt;:&lt;code&gt; &lt;provider&gt;:&lt;code&gt; ... (অন্তত দুটি; প্রথমটির নাম দেখানো হয়)
admin-group-done = { $count }টি পণ্য এখন একটি দোকান-পণ্য: { $name }।
admin-usage-ungroup = ব্যবহার: /ungroup &lt;provider&gt;:&lt;code&gt;
admin-ungroup-done = { $product } ({ $name }) এখন আলাদা একটি দোকান-পণ্য।
admin-usage-routes = ব্যবহার: /routes &lt;খোঁজ&gt;, /routes pin &lt;provider&gt;:&lt;code&gt; &lt;provider&gt;, /routes unpin &lt;provider&gt;:&lt;code&gt;
admin-routes-none = { $search } এর সাথে কোনো পণ্য মেলে না।
admin-routes-group = <b>{ $name }</b> <code>{ $key }</code>
admin-routes-member = { $rank } { $provider }:{ $code } — খরচ { $cost }, দাম { $price }, { $state }, { $health }, সফল { $success }{ $pinned }
admin-routes-offered = বিক্রিতে আছে
admin-routes-hidden = বিক্রিতে নেই
admin-routes-unfunded = প্রোভাইডারের ব্যালেন্স কম
admin-routes-healthy = সুস্থ
admin-routes-open = { $until } পর্যন্ত বাদ
admin-routes-pinned = , অগ্রাধিকার
admin-routes-pin-done = { $product } এর গ্রুপে এখন { $provider } অগ্রাধিকার পায়।
admin-routes-unpin-done = { $product } এর গ্রুপে এখন কোনো প্রোভাইডার অগ্রাধিকার পায় না।
admin-order-attempts = <b>চেষ্টা</b>
admin-order-attempt = #{ $attempt } { $provider } <code>{ $reference }</code>: { $outcome } ({ $detail })
admin-balance-circuit-open = ⚠️ { $provider } ব্যর্থ হচ্ছে: { $until } পর্যন্ত নতুন অর্ডারে বাদ।
cmd-group = অ্যাডমিন: কয়েকটি পণ্যকে একটি দোকান-পণ্য করুন
cmd-ungroup = অ্যাডমিন: পণ্যকে তার গ্রুপ থেকে বের করুন
cmd-routes = অ্যাডমিন: একটি পণ্যের প্রোভাইডার ও রুট
admin-deposits-disabled = ডিপোজিট বন্ধ: দোকানের মুদ্রায় Flowix কনফিগার করা নেই।
admin-deposits-open-title = <b>খোলা ডিপোজিট</b> ({ $count })
admin-deposits-latest-title = <b>সর্বশেষ নিষ্পন্ন ডিপোজিট</b>
admin-deposits-none = কিছু নেই।
admin-deposit-item = #{ $id } { $date }, গ্রাহক { $user }: { $amount } — { $state }, প্রাপ্ত { $received } ({ $provider } { $pref }, { $reference })
admin-balance-deposits = আজ খোলা ডিপোজিট: { $opened }টি, { $paid }টি পরিশোধিত, { $received } জমা হয়েছে; এখন খোলা { $open }টি
admin-stats-deposits = <b>দিনপ্রতি ডিপোজিট</b>
admin-stats-deposits-day = { $day }: { $opened }টি খোলা, { $paid }টি পরিশোধিত, { $received } জমা
admin-user-deposits = <b>টপ-আপ</b>
cmd-deposits = অ্যাডমিন: খোলা ও সাম্প্রতিক ডিপোজিট
