"""The second, blind relevance set: 54 short news articles in nine languages and 168
queries, written (queries and expected articles) before the set was ever run, by someone
who had not tuned the analysis. It stresses what the first set (``corpus.py``) may not:
Vietnamese without or with partial/wrong diacritics and multi-syllable names (near-misses
with the syllables scattered); German compounds and umlaut transliteration (``Muenchen``,
``Strasse``); French elision and feminine/plural forms; Spanish accents and ñ; English
possessives, plurals, hyphens; Thai with and without spaces, compounds; Chinese traditional
vs simplified, full-width digits and Latin; Japanese katakana/hiragana, long-vowel marks;
Korean particles in the query and spacing variants; numbers; the query syntax.

Each language has distractors sharing folded forms, sub-words or stems with a target.
The ids start with ``b`` so that both sets can live in one index. Same shapes as
``corpus.py``: a query is (language, text, the ids that must be in the top 5, filter).
"""

from __future__ import annotations

from tests.relevance.corpus import Q, article, q

ARTICLES = [
    # --- Vietnamese -----------------------------------------------------------------------
    article("bvi1", "vi", "Quảng Ninh mở rộng cảng Cái Lân",
            "Tỉnh Quảng Ninh phê duyệt dự án mở rộng cảng Cái Lân với vốn đầu tư hơn 3.000 tỷ "
            "đồng. Cảng sẽ tiếp nhận tàu trọng tải 50.000 tấn từ năm 2032. Lãnh đạo tỉnh cho biết "
            "hàng hóa qua cảng tăng 15% trong năm 2025."),
    article("bvi2", "vi", "Thành phố Hồ Chí Minh khởi công tuyến metro số 2",
            "Tuyến metro Bến Thành – Tham Lương dài 11 km được khởi công sáng nay. Thành phố Hồ "
            "Chí Minh dự kiến đưa tuyến vào vận hành năm 2030. Người dân quận Tân Bình mong tuyến "
            "đường sắt giúp giảm ùn tắc."),
    article("bvi3", "vi", "Mực nước hồ Trị An xuống thấp",
            "Mực nước hồ thủy điện Trị An giảm mạnh sau nhiều tháng nắng nóng. Ông Nguyễn Văn "
            "Minh, kỹ sư nhà máy, cho biết ý chí tiết kiệm nước là cần thiết. Nông dân Đồng Nai "
            "lo thiếu nước tưới."),
    article("bvi4", "vi", "Nông dân Đồng Tháp trúng mùa lúa",
            "Nông dân tỉnh Đồng Tháp thu hoạch vụ lúa đông xuân với năng suất 7 tấn mỗi héc-ta. "
            "Giá lúa tăng giúp nhiều hộ có lãi. Các doanh nghiệp xuất khẩu gạo sang Philippines "
            "và Indonesia."),
    article("bvi5", "vi", "Giá vàng trong nước tăng kỷ lục",
            "Giá vàng miếng SJC sáng nay tăng lên 90 triệu đồng mỗi lượng. Ngân hàng Nhà nước cho "
            "biết sẽ tăng nguồn cung vàng. Người dân xếp hàng mua vàng tại các cửa hàng ở Hà Nội."),
    article("bvi6", "vi", "Bảo tàng Đồng Nai trưng bày cổ vật",
            "Bảo tàng tỉnh Đồng Nai mở cửa phòng trưng bày cổ vật bằng đồng. Du khách được xem "
            "tháp gốm và trống đồng hơn 2.000 năm tuổi. Triển lãm kéo dài đến tháng 6."),
    # --- Thai -----------------------------------------------------------------------------
    article("bth1", "th", "เชียงใหม่เปิดเทศกาลดอกไม้",
            "จังหวัดเชียงใหม่จัดเทศกาลดอกไม้ประจำปีในเดือนกุมภาพันธ์ นักท่องเที่ยวจำนวนมากเดินทางมา"
            "ชมขบวนรถบุปผชาติ โรงแรมในตัวเมืองมีผู้เข้าพักเกือบเต็ม"),
    article("bth2", "th", "ธนาคารแห่งประเทศไทยคงอัตราดอกเบี้ย",
            "คณะกรรมการนโยบายการเงินมีมติคงอัตราดอกเบี้ยนโยบายไว้ที่ร้อยละ 2.5 ธนาคารแห่งประเทศไทย"
            "ระบุว่าเศรษฐกิจยังฟื้นตัวช้า ค่าเงินบาทอ่อนค่าลงเล็กน้อย"),
    article("bth3", "th", "รถไฟความเร็วสูงไทยจีนคืบหน้า",
            "โครงการรถไฟความเร็วสูงสายกรุงเทพ นครราชสีมา ก่อสร้างไปแล้วร้อยละ 40 กระทรวงคมนาคม"
            "คาดว่าจะเปิดให้บริการในปี 2571 ผู้โดยสารจะเดินทางได้เร็วขึ้นมาก"),
    article("bth4", "th", "ภูเก็ตรับนักท่องเที่ยวต่างชาติเพิ่มขึ้น",
            "สนามบินภูเก็ตรองรับเที่ยวบินจากยุโรปและจีนมากขึ้นในช่วงฤดูหนาว ผู้ประกอบการโรงแรมริม"
            "ชายหาดป่าตองรายงานยอดจองสูง นักท่องเที่ยวรัสเซียเป็นกลุ่มใหญ่ที่สุด"),
    article("bth5", "th", "ชาวนาอีสานเผชิญภัยแล้ง",
            "ภัยแล้งในภาคตะวันออกเฉียงเหนือทำให้ชาวนาหลายจังหวัดไม่สามารถปลูกข้าวได้ กรมชลประทาน"
            "เร่งจัดหาน้ำ ราคาข้าวหอมมะลิในตลาดสูงขึ้น"),
    article("bth6", "th", "รถไฟฟ้าสายสีม่วงปิดซ่อม",
            "รถไฟฟ้าสายสีม่วงปิดให้บริการบางสถานีเพื่อซ่อมบำรุงระบบราง ผู้โดยสารต้องใช้รถโดยสาร"
            "ประจำทางแทน การรถไฟแจ้งว่าจะเปิดอีกครั้งสัปดาห์หน้า"),
    # --- German ---------------------------------------------------------------------------
    article("bde1", "de", "Offshore-Windkraftanlagen vor Rügen genehmigt",
            "Das Bundesamt für Seeschifffahrt hat den Bau von 40 Offshore-Windkraftanlagen vor der "
            "Insel Rügen genehmigt. Der Windpark soll ab 2028 Strom für 500.000 Haushalte liefern. "
            "Umweltverbände kritisieren die Folgen für Schweinswale."),
    article("bde2", "de", "Neuer Hauptbahnhof in Stuttgart verzögert sich",
            "Die Eröffnung des unterirdischen Bahnhofs in Stuttgart verschiebt sich erneut. Die "
            "Kosten für das Projekt stiegen auf elf Milliarden Euro. Pendler müssen weiter den "
            "alten Kopfbahnhof nutzen."),
    article("bde3", "de", "Bahn erhöht die Ticketpreise",
            "Die Deutsche Bahn hebt zum Fahrplanwechsel die Preise im Fernverkehr um "
            "durchschnittlich sechs Prozent an. Das Deutschlandticket bleibt vorerst bei 58 Euro. "
            "Fahrgastverbände fordern mehr Pünktlichkeit statt höherer Preise."),
    article("bde4", "de", "München baut die Straßenbahn aus",
            "Die Stadt München verlängert die Straßenbahnlinie in der Leopoldstraße um drei "
            "Kilometer. Der Stadtrat stimmte am Dienstag dem Plan zu. Die Bauarbeiten beginnen im "
            "Frühjahr."),
    article("bde5", "de", "Wohnungsmangel in Hamburg verschärft sich",
            "In Hamburg fehlen nach einer Studie mehr als 30.000 Wohnungen. Die Mieten stiegen im "
            "vergangenen Jahr um acht Prozent. Der Senat will den Bau von Sozialwohnungen fördern."),
    article("bde6", "de", "Kraftwerk in der Lausitz geht vom Netz",
            "Das Braunkohlekraftwerk Jänschwalde in der Lausitz wird schrittweise stillgelegt. "
            "Hunderte Beschäftigte wechseln in neue Industriebetriebe. Der Windschatten der "
            "Energiewende trifft die Region hart."),
    # --- English --------------------------------------------------------------------------
    article("ben1", "en", "State-owned lender cuts mortgage rates",
            "The state-owned lender said it would cut its mortgage rates by a quarter point from "
            "Monday. Analysts expect rival banks to follow. Home buyers have waited months for "
            "cheaper loans."),
    article("ben2", "en", "Phishing e-mails target pension savers",
            "Police warned that a wave of phishing e-mails is targeting pension savers. The "
            "messages ask recipients to confirm their account details. Officials said no bank ever "
            "asks for a password by email."),
    article("ben3", "en", "Children's hospital opens new wing",
            "The city's children's hospital opened a new cancer wing on Friday. The building was "
            "paid for by a charity's ten-year fundraising campaign. Doctors said it would cut "
            "waiting times for families."),
    article("ben4", "en", "Wildfires force thousands to flee in California",
            "Wildfires fanned by strong winds forced thousands of residents to flee their homes in "
            "northern California. Firefighters battled the blazes overnight. The governor declared "
            "a state of emergency in three counties."),
    article("ben5", "en", "Semiconductor plant to create 2,000 jobs",
            "A chipmaker will build a semiconductor plant in Ohio that is expected to create 2,000 "
            "jobs by 2029. The company said production of advanced chips would start in two years. "
            "Local officials welcomed the investment."),
    article("ben6", "en", "Hospital staff strike over pay",
            "Nurses at two state hospitals walked out over pay on Tuesday. The union said owners of "
            "private clinics had offered more. Talks with the health ministry resume next week."),
    # --- French ---------------------------------------------------------------------------
    article("bfr1", "fr", "L'Europe adopte un plan pour l'énergie solaire",
            "L'Union européenne a adopté mardi un plan d'investissement de 20 milliards d'euros "
            "dans l'énergie solaire. Les États membres devront installer des panneaux sur les "
            "bâtiments publics. Bruxelles espère réduire la dépendance au gaz importé."),
    article("bfr2", "fr", "Grève des contrôleurs aériens à Paris",
            "Une grève des contrôleurs aériens a entraîné l'annulation de centaines de vols à "
            "Paris. Les voyageuses et voyageurs ont dû patienter des heures à l'aéroport d'Orly. "
            "Le syndicat réclame des embauches."),
    article("bfr3", "fr", "Les agricultrices bretonnes manifestent",
            "Des centaines d'agricultrices et d'agriculteurs bretons ont manifesté à Rennes contre "
            "la baisse des prix du lait. Ils demandent une aide de l'État. La ministre a promis de "
            "les recevoir."),
    article("bfr4", "fr", "Marseille accueille un sommet sur la Méditerranée",
            "La ville de Marseille accueille cette semaine un sommet des pays méditerranéens "
            "consacré à la pollution marine. Les dirigeants veulent limiter les plastiques en mer. "
            "Des ONG jugent les engagements insuffisants."),
    article("bfr5", "fr", "Hausse du chômage chez les jeunes",
            "Le taux de chômage des jeunes de moins de 25 ans a atteint 18 % au troisième "
            "trimestre, selon l'Insee. Le gouvernement prépare un plan d'apprentissage. Les "
            "syndicats dénoncent la précarité des contrats courts."),
    article("bfr6", "fr", "Un nouveau directeur pour l'Opéra de Lyon",
            "L'Opéra de Lyon a nommé un nouveau directeur venu d'Allemagne. Il veut ouvrir la "
            "maison à un public plus jeune avec des places à dix euros. La saison commencera par "
            "une création européenne."),
    # --- Spanish --------------------------------------------------------------------------
    article("bes1", "es", "España aprueba la reducción de la jornada laboral",
            "El Gobierno de España aprobó la reducción de la jornada laboral a 37,5 horas "
            "semanales. La patronal critica la medida por su impacto en las pequeñas empresas. "
            "Los sindicatos celebran un avance histórico."),
    article("bes2", "es", "La sequía amenaza las cosechas en Andalucía",
            "La sequía que afecta a Andalucía amenaza la cosecha de aceite de oliva. Los embalses "
            "están al 25 % de su capacidad. Los agricultores piden ayudas urgentes al ministerio."),
    article("bes3", "es", "Niños de La Coruña aprenden programación",
            "Un colegio de La Coruña enseña programación a niños de ocho años. Los alumnos diseñan "
            "pequeños robots y videojuegos. Los padres destacan el entusiasmo de sus hijos por la "
            "tecnología."),
    article("bes4", "es", "México registra un récord de turistas",
            "México recibió 45 millones de turistas internacionales el año pasado, un récord "
            "histórico. Cancún y la Ciudad de México fueron los destinos más visitados. El sector "
            "turístico representa el 8 % del PIB."),
    article("bes5", "es", "El Banco Central de Argentina sube los tipos",
            "El Banco Central de la República Argentina subió la tasa de interés al 40 %. La "
            "inflación anual bajó por tercer mes consecutivo. El peso argentino se mantuvo estable "
            "frente al dólar."),
    article("bes6", "es", "Un puerto andaluz amplía su terminal",
            "El puerto de Algeciras amplía su terminal de contenedores con una inversión de 300 "
            "millones. La obra creará empleo en la comarca andaluza. Las navieras esperan más "
            "tráfico con Asia."),
    # --- Chinese (bzh1 and nothing else in traditional characters) -------------------------
    article("bzh1", "zh", "臺灣經濟成長趨緩",
            "臺灣第三季經濟成長率為百分之二點五，低於市場預期。半導體出口依然強勁，但民間消費疲軟。"
            "分析師認為明年經濟將逐步回升。"),
    article("bzh2", "zh", "北京发布人工智能新规",
            "北京市政府发布促进ＡＩ产业发展的新规，计划到２０２７年培育一百家人工智能企业。新规鼓励"
            "企业开放数据。专家表示政策有助于吸引投资。"),
    article("bzh3", "zh", "广州地铁新线开通",
            "广州地铁十一号线今天开通运营，全长四十四公里。这条环线连接多个商业区，预计每天客流超过"
            "一百万人次。市民表示出行更加方便。"),
    article("bzh4", "zh", "中国新能源汽车出口大增",
            "今年前十个月，中国新能源汽车出口量同比增长百分之三十。比亚迪在欧洲和东南亚市场销量大幅"
            "上升。汽车行业协会预计全年出口将创新高。经济学家认为出口增长带动了制造业。"),
    article("bzh5", "zh", "长江流域遭遇高温干旱",
            "长江流域持续高温少雨，多地出现干旱。四川部分水电站减少发电，工厂限电。气象部门预计下周"
            "将有降雨缓解旱情。"),
    article("bzh6", "zh", "上海举办国际电影节",
            "第二十七届上海国际电影节开幕，来自一百多个国家的影片参展。电影节期间将举办论坛讨论人工"
            "合成影像技术。观众排队购票。"),
    # --- Japanese -------------------------------------------------------------------------
    article("bja1", "ja", "東京都、新しい給付金を発表",
            "東京都は子育て世帯に対する新しい給付金制度を発表した。対象は十八歳以下の子どもがいる"
            "家庭で、来年四月から支給される。知事は少子化対策の柱と説明した。"),
    article("bja2", "ja", "コンピューター部品の輸出が増加",
            "日本のコンピューター部品の輸出が前年比で一割増えた。特に半導体製造装置の需要が台湾や"
            "韓国で高まっている。メーカー各社は生産を拡大する方針だ。"),
    article("bja3", "ja", "北海道で記録的な大雪",
            "北海道では記録的な大雪となり、札幌市内の交通が大きく乱れた。ＪＲ北海道は多くの列車を"
            "運休した。気象庁は引き続き警戒を呼びかけている。"),
    article("bja4", "ja", "大阪のたこ焼き店が海外進出",
            "大阪の老舗たこ焼き店がシンガポールに初の海外店舗を開いた。現地の若者に人気で、連日行列"
            "ができている。社長はアジアでさらに店舗を増やしたいと話した。"),
    article("bja5", "ja", "新型ロケットの打ち上げに成功",
            "宇宙航空研究開発機構は種子島宇宙センターから新型ロケットの打ち上げに成功した。搭載した"
            "人工衛星は予定の軌道に入った。関係者は喜びを語った。"),
    article("bja6", "ja", "東京駅で大規模な工事",
            "東京駅の周辺で大規模な再開発工事が始まった。新しい商業施設とオフィスビルが建設される"
            "予定だ。工事は二〇三〇年までに完了する見込み。"),
    # --- Korean ---------------------------------------------------------------------------
    article("bko1", "ko", "부산 해운대에 관광객 몰려",
            "여름 휴가철을 맞아 부산 해운대 해수욕장에 하루 30만 명의 관광객이 몰렸다. 부산시는 "
            "안전요원을 늘렸다. 주변 상인들은 매출이 크게 늘었다고 말했다."),
    article("bko2", "ko", "서울시 청년 월세 지원 확대",
            "서울시가 청년 월세 지원 대상을 두 배로 늘리기로 했다. 만 19세부터 39세까지 무주택 "
            "청년이 신청할 수 있다. 시는 올해 예산 500억 원을 편성했다."),
    article("bko3", "ko", "현대자동차 전기차 공장 착공",
            "현대자동차가 울산에서 전기차 전용 공장을 착공했다. 공장은 2026년부터 연간 20만 대를 "
            "생산할 예정이다. 회사는 일자리 2천 개가 생길 것이라고 밝혔다."),
    article("bko4", "ko", "태풍으로 제주 항공편 결항",
            "태풍이 제주도에 접근하면서 항공편 수백 편이 결항됐다. 제주공항에는 관광객 수천 명이 "
            "발이 묶였다. 기상청은 내일 오후까지 강풍이 이어질 것으로 예보했다."),
    article("bko5", "ko", "한국 반도체 수출 역대 최대",
            "지난달 한국의 반도체 수출이 역대 최대를 기록했다. 인공지능 서버용 메모리 수요가 크게 "
            "늘었기 때문이다. 정부는 수출 증가세가 연말까지 이어질 것으로 내다봤다."),
    article("bko6", "ko", "부산대학교 연구팀 신소재 개발",
            "부산대학교 연구팀이 가볍고 단단한 신소재를 개발했다. 이 소재는 자동차 부품에 쓰일 수 "
            "있다. 연구팀은 해외 학술지에 논문을 발표했다."),
]

QUERIES: list[Q] = [
    # Vietnamese: no diacritics, partial or misplaced ones, names against scattered syllables.
    q("vi", "ho chi minh", "bvi2"),
    q("vi", "Hồ Chí Minh", "bvi2"),
    q("vi", "Ho Chí Minh", "bvi2"),
    q("vi", "dong thap", "bvi4"),
    q("vi", "Đồng Tháp", "bvi4"),
    q("vi", "Dong Nai", "bvi3", "bvi6"),
    q("vi", "cang cai lan", "bvi1"),
    q("vi", "gia vang", "bvi5"),
    q("vi", "giá vàng", "bvi5"),
    q("vi", "gía vàng", "bvi5"),
    q("vi", "tuyen metro", "bvi2"),
    q("vi", "xuất khẩu gạo", "bvi4"),
    q("vi", "trống đồng", "bvi6"),
    q("vi", "Trị An", "bvi3"),
    q("vi", "thuy dien", "bvi3"),
    q("vi", "2032", "bvi1"),
    q("vi", '"giá vàng"', "bvi5"),
    # Thai: spaced and unspaced, compounds, names.
    q("th", "รถไฟความเร็วสูง", "bth3"),
    q("th", "รถไฟ ความเร็วสูง", "bth3"),
    q("th", "ความเร็ว สูง", "bth3"),
    q("th", "รถไฟ", "bth3", "bth6"),
    q("th", "รถไฟฟ้า", "bth6"),
    q("th", "เชียงใหม่", "bth1"),
    q("th", "เทศกาลดอกไม้", "bth1"),
    q("th", "ดอกเบี้ย", "bth2"),
    q("th", "อัตราดอกเบี้ย", "bth2"),
    q("th", "ธนาคารแห่งประเทศไทย", "bth2"),
    q("th", "ภูเก็ต", "bth4"),
    q("th", "ป่าตอง", "bth4"),
    q("th", "ภัยแล้ง", "bth5"),
    q("th", "ข้าวหอมมะลิ", "bth5"),
    q("th", "ข้าว หอมมะลิ", "bth5"),
    q("th", "นครราชสีมา", "bth3"),
    q("th", "นักท่องเที่ยว", "bth1", "bth4"),
    q("th", "2571", "bth3"),
    # German: compounds inside and outside, transliterated umlauts and ß.
    q("de", "Windkraft", "bde1"),
    q("de", "Windkraftanlagen", "bde1"),
    q("de", "Offshore", "bde1"),
    q("de", "Windpark", "bde1"),
    q("de", "Ruegen", "bde1"),
    q("de", "Bahnhof", "bde2"),
    q("de", "Bahn", "bde3"),
    q("de", "Deutschlandticket", "bde3"),
    q("de", '"Deutsche Bahn"', "bde3"),
    q("de", "Muenchen", "bde4"),
    q("de", "München", "bde4"),
    q("de", "Strassenbahn", "bde4"),
    q("de", "Straßenbahn", "bde4"),
    q("de", "Leopoldstrasse", "bde4"),
    q("de", "Wohnungen", "bde5"),
    q("de", "Sozialwohnung", "bde5"),
    q("de", "Mieten Hamburg", "bde5"),
    q("de", "Wohn*", "bde5"),
    q("de", "Kraftwerk", "bde6"),
    q("de", "Braunkohle", "bde6"),
    q("de", "2028", "bde1"),
    # English: possessives, plurals, hyphens, the syntax.
    q("en", "state-owned", "ben1"),
    q("en", "state owned lender", "ben1"),
    q("en", "mortgage rates", "ben1"),
    q("en", '"mortgage rates"', "ben1"),
    q("en", "e-mail", "ben2"),
    q("en", "email", "ben2"),
    q("en", "phishing emails", "ben2"),
    q("en", "children's hospital", "ben3"),
    q("en", "childrens hospital", "ben3"),
    q("en", "children hospital", "ben3"),
    q("en", "hospital -nurses", "ben3"),
    q("en", "charity", "ben3"),
    q("en", "wildfire", "ben4"),
    q("en", "California wildfires", "ben4"),
    q("en", "wildfires OR floods", "ben4"),
    q("en", '"state of emergency"', "ben4"),
    q("en", "semiconductor", "ben5"),
    q("en", "semicond*", "ben5"),
    q("en", "chip plant", "ben5"),
    q("en", "2,000 jobs", "ben5"),
    q("en", "2029", "ben5"),
    q("en", "nurses strike", "ben6"),
    # French: elision, accents, feminine and plural forms.
    q("fr", "l'Europe", "bfr1"),
    q("fr", "Europe énergie solaire", "bfr1"),
    q("fr", "énergie solaire", "bfr1"),
    q("fr", "energie solaire", "bfr1"),
    q("fr", "d'énergie", "bfr1"),
    q("fr", "contrôleurs aériens", "bfr2"),
    q("fr", "controleurs aeriens", "bfr2"),
    q("fr", "voyageuse", "bfr2"),
    q("fr", "agricultrice", "bfr3"),
    q("fr", "agriculteur", "bfr3"),
    q("fr", "prix du lait", "bfr3"),
    q("fr", "Méditerranée", "bfr4"),
    q("fr", "pollution marine", "bfr4"),
    q("fr", "chômage des jeunes", "bfr5"),
    q("fr", "chomage", "bfr5"),
    q("fr", "apprentissage", "bfr5"),
    q("fr", "Opéra de Lyon", "bfr6"),
    q("fr", "grève OR chômage", "bfr2", "bfr5"),
    # Spanish: accents and ñ, with and without.
    q("es", "jornada laboral", "bes1"),
    q("es", "reduccion de jornada", "bes1"),
    q("es", "37,5 horas", "bes1"),
    q("es", "sequia", "bes2"),
    q("es", "sequía Andalucía", "bes2"),
    q("es", "aceite de oliva", "bes2"),
    q("es", "sequía -Algeciras", "bes2"),
    q("es", "Coruna", "bes3"),
    q("es", "La Coruña", "bes3"),
    q("es", "niños programacion", "bes3"),
    q("es", "ninos", "bes3"),
    q("es", "Mexico turistas", "bes4"),
    q("es", "Cancun", "bes4"),
    q("es", "turístico", "bes4"),
    q("es", "Argentina inflacion", "bes5"),
    q("es", "tasa de interés", "bes5"),
    q("es", "Algeciras", "bes6"),
    q("es", "contenedores", "bes6"),
    # Chinese: traditional vs simplified, words inside longer words, full-width forms.
    q("zh", "台灣", "bzh1"),
    q("zh", "台湾经济", "bzh1"),
    q("zh", "經濟", "bzh1", "bzh4"),
    q("zh", "经济", "bzh1", "bzh4"),
    q("zh", "半导体", "bzh1"),
    q("zh", "AI", "bzh2"),
    q("zh", "ＡＩ", "bzh2"),
    q("zh", "2027", "bzh2"),
    q("zh", "人工智能", "bzh2"),
    q("zh", "广州地铁", "bzh3"),
    q("zh", "地铁", "bzh3"),
    q("zh", "新能源汽车", "bzh4"),
    q("zh", "汽车", "bzh4"),
    q("zh", "比亚迪", "bzh4"),
    q("zh", "长江", "bzh5"),
    q("zh", "干旱", "bzh5"),
    q("zh", "電影節", "bzh6"),
    q("zh", "电影节", "bzh6"),
    # Japanese: katakana/hiragana, long-vowel marks, words inside kanji compounds.
    q("ja", "東京都", "bja1"),
    q("ja", "給付金", "bja1"),
    q("ja", "少子化", "bja1"),
    q("ja", "コンピューター", "bja2"),
    q("ja", "コンピュータ", "bja2"),
    q("ja", "半導体", "bja2"),
    q("ja", "北海道", "bja3"),
    q("ja", "札幌", "bja3"),
    q("ja", "大雪", "bja3"),
    q("ja", "たこ焼き", "bja4"),
    q("ja", "タコ焼き", "bja4"),
    q("ja", "シンガポール", "bja4"),
    q("ja", "ロケット", "bja5"),
    q("ja", "人工衛星", "bja5"),
    q("ja", "種子島", "bja5"),
    q("ja", "再開発", "bja6"),
    q("ja", "東京駅", "bja6"),
    q("ja", "ロケット OR 大雪", "bja5", "bja3"),
    # Korean: particles in the query, spacing variants.
    q("ko", "부산에서", "bko1"),
    q("ko", "해운대", "bko1"),
    q("ko", "해운대에", "bko1"),
    q("ko", "청년 월세", "bko2"),
    q("ko", "청년월세", "bko2"),
    q("ko", "월세를", "bko2"),
    q("ko", "현대자동차", "bko3"),
    q("ko", "전기차 공장", "bko3"),
    q("ko", "전기차공장", "bko3"),
    q("ko", "울산", "bko3"),
    q("ko", "제주공항", "bko4"),
    q("ko", "태풍이", "bko4"),
    q("ko", "결항", "bko4"),
    q("ko", "반도체 수출", "bko5"),
    q("ko", "반도체를", "bko5"),
    q("ko", "인공지능", "bko5"),
    q("ko", "부산대학교", "bko6"),
    q("ko", "신소재", "bko6"),
]
